package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.testing.TestingEvents;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventSentencesTest {
    private static final Actor SOFIA = new Actor("Sofia Rossi", "sofia.rossi@example.com");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "DEPLOYED | wallet | prod-de | {\"version\":7,\"previousVersion\":4,\"reason\":\"manual\"}"
                        + " | Sofia Rossi deployed wallet v7 (was v4) to prod-de",
                "DEPLOYED | wallet | prod-de | {\"version\":1,\"reason\":\"manual\"}"
                        + " | Sofia Rossi deployed wallet v1 to prod-de",
                "DEPLOYED | wallet | prod-de | {\"version\":4,\"previousVersion\":7,\"reason\":\"manual\"}"
                        + " | Sofia Rossi rolled wallet back to v4 (was v7) in prod-de",
                "DEPLOYED | wallet | dev | {\"version\":3,\"previousVersion\":2,\"reason\":\"auto\"}"
                        + " | Sofia Rossi deployed wallet v3 (was v2) to dev, automatically",
                "DEPLOYED | wallet | staging | {\"version\":3,\"reason\":\"train\",\"trainId\":\"t-1\"}"
                        + " | Sofia Rossi deployed wallet v3 to staging by release train t-1",
                "DEPLOYED | wallet | dev | {\"version\":3,\"reason\":\"image-policy\"}"
                        + " | Sofia Rossi deployed wallet v3 to dev by image automation",
                "DEPLOYED | wallet | prod | {\"version\":3,\"reason\":\"manual\",\"ignoredBlockers\":"
                        + "[\"ENVIRONMENT_LOCKED: environment lock 'qa' on prod: QA is testing\"]}"
                        + " | Sofia Rossi deployed wallet v3 to prod through a lock or freeze."
                        + " Environment lock 'qa' on prod: QA is testing.",
                "DEPLOYED | wallet | prod | {\"version\":3,\"reason\":\"manual\",\"ignoredBlockers\":"
                        + "[\"APPLICATION_LOCKED: application lock 'r' on wallet in prod: reindex\","
                        + "\"FREEZE_WINDOW: deny window '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02T18:00:00Z\"]}"
                        + " | Sofia Rossi deployed wallet v3 to prod through 2 locks or freezes."
                        + " Application lock 'r' on wallet in prod: reindex."
                        + " Deny window '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02 18:00:00 UTC.",
                "REMOVED | wallet | dev | {\"previousVersion\":5} | Sofia Rossi removed wallet v5 from dev",
                "DEPLOYMENT_QUEUED | wallet | dev | {\"version\":5,\"reason\":\"auto\",\"blockedBy\":"
                        + "[\"ENVIRONMENT_LOCKED: environment lock 'qa-1-2' on dev: QA is testing\"]}"
                        + " | wallet v5 waits to be deployed to dev (automatic)."
                        + " What stops it: Environment lock 'qa-1-2' on dev: QA is testing.",
                "DEPLOYMENT_QUEUED | wallet | dev | {\"version\":5,\"reason\":\"train\",\"blockedBy\":"
                        + "[\"FREEZE_WINDOW: outside every allow window; the next one ('0 9 * * MON-FRI', UTC)"
                        + " opens at 2026-11-02T09:00:00Z\"]}"
                        + " | wallet v5 waits to be deployed to dev (release train). What stops it: Outside every allow"
                        + " window; the next one ('0 9 * * MON-FRI', UTC) opens at 2026-11-02 09:00:00 UTC.",
                "DEPLOYMENT_QUEUED | wallet | dev | {\"version\":5,\"reason\":\"manual\",\"blockedBy\":[]}"
                        + " | wallet v5 waits to be deployed to dev (deployed by Sofia Rossi)",
                "LOCK_CREATED | `` | prod-de | {\"kind\":\"environment\",\"id\":\"a\",\"message\":\"Black Friday\"}"
                        + " | Sofia Rossi locked prod-de: Black Friday",
                "LOCK_CREATED | `` | prod-de | {\"kind\":\"environment\",\"id\":\"a\",\"message\":\"Sale\","
                        + "\"group\":\"production\",\"expiresAt\":\"2026-12-07T14:03:27Z\"}"
                        + " | Sofia Rossi locked prod-de (group production) until 2026-12-07 14:03: Sale",
                "LOCK_CREATED | cart | staging | {\"kind\":\"application\",\"id\":\"a\",\"message\":\"Demo\"}"
                        + " | Sofia Rossi locked cart in staging: Demo",
                "LOCK_CREATED | `` | staging | {\"kind\":\"team\",\"id\":\"a\",\"team\":\"payments\",\"message\":\"Audit\"}"
                        + " | Sofia Rossi locked team payments in staging: Audit",
                "LOCK_UPDATED | `` | dev | {\"kind\":\"environment\",\"id\":\"qa\",\"message\":\"QA, longer\"}"
                        + " | Sofia Rossi changed the lock 'qa' on dev: QA, longer",
                "LOCK_DELETED | cart | dev | {\"kind\":\"application\",\"id\":\"qa\",\"message\":\"QA\"}"
                        + " | Sofia Rossi unlocked cart in dev (lock 'qa': QA)",
                "RELEASE_CREATED | cart | `` | {\"version\":12,\"environments\":[\"dev\",\"staging\"],"
                        + "\"displayVersion\":\"1.2.0\"} | Sofia Rossi created release 12 of cart (1.2.0) for dev, staging",
                "HOLD_PLACED | cart | prod | {\"version\":3,\"reason\":\"rolled back from version 4 to 3\"}"
                        + " | Sofia Rossi holds cart at v3 in prod against automation: rolled back from version 4 to 3",
                "HOLD_RELEASED | cart | prod | {\"version\":3,\"reason\":\"released by hand\"}"
                        + " | Sofia Rossi released the hold on cart v3 in prod: released by hand",
                "RELEASE_TRAIN | `` | staging | {\"trainId\":\"t\",\"target\":\"environment staging\","
                        + "\"upstream\":\"dev\",\"team\":\"payments\",\"deployed\":[{\"application\":\"cart\","
                        + "\"version\":3,\"previousVersion\":2},{\"application\":\"pay\",\"version\":1,"
                        + "\"previousVersion\":4}],\"queued\":[{\"application\":\"shop\",\"version\":2}],"
                        + "\"skippedApplications\":[{\"application\":\"a\"},{\"application\":\"b\"}]}"
                        + " | Sofia Rossi ran a release train into staging from dev for team payments: deployed cart v3,"
                        + " pay v1 (a rollback from v4), queued shop v2, left 2 as they were",
                "RELEASE_TRAIN | `` | prod | {\"trainId\":\"t\",\"target\":\"group production\",\"upstream\":\"staging\","
                        + "\"skipped\":\"FREEZE_WINDOW\",\"message\":\"deny window '0 18 * * FRI' for 2h (UTC) is"
                        + " open until 2026-11-02T18:00:00Z\"}"
                        + " | Sofia Rossi ran a release train into prod from staging: skipped prod (deny window"
                        + " '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02 18:00:00 UTC)",
                "ENVIRONMENT_CREATED | `` | staging | {\"config\":{\"upstream\":{\"environment\":\"dev\"}}}"
                        + " | Sofia Rossi created environment staging, fed by dev",
                "ENVIRONMENT_CREATED | `` | prod-de | {\"config\":{\"upstream\":{\"environment\":\"staging\"},"
                        + "\"environmentGroup\":\"production\"}}"
                        + " | Sofia Rossi created environment prod-de in group production, fed by staging",
                "ENVIRONMENT_CREATED | `` | dev | {\"config\":{\"upstream\":{\"latest\":true}}}"
                        + " | Sofia Rossi created environment dev, which gets every new release",
                "ENVIRONMENT_UPDATED | `` | prod-fr | {\"config\":{\"upstream\":{\"environment\":\"staging\"},"
                        + "\"freezeWindows\":[{\"kind\":\"deny\"}]},\"previousConfig\":{\"upstream\":{\"environment\":"
                        + "\"dev\"}}} | Sofia Rossi changed environment prod-fr: freeze windows, upstream",
                "ENVIRONMENT_UPDATED | `` | prod-fr | {\"config\":{}} | Sofia Rossi changed environment prod-fr",
                "ENVIRONMENT_DELETED | `` | qa | {\"config\":{}} | Sofia Rossi deleted environment qa",
                "APPLICATION_CREATED | cart | `` | {\"team\":\"payments\"}"
                        + " | Sofia Rossi created application cart (team payments)",
                "APPLICATION_UPDATED | cart | `` | {\"team\":\"checkout\",\"previousTeam\":\"payments\","
                        + "\"stack\":\"web\",\"previousStack\":\"web\"}"
                        + " | Sofia Rossi changed application cart: team checkout (was payments)",
                "APPLICATION_DELETED | cart | `` | {\"team\":\"payments\",\"releasesKept\":12}"
                        + " | Sofia Rossi archived application cart (12 releases kept)",
                "STACK_CREATED | `` | `` | {\"stack\":\"web\"} | Sofia Rossi created stack web",
                "STACK_UPDATED | `` | `` | {\"stack\":\"web\"} | Sofia Rossi changed stack web",
                "STACK_DELETED | `` | `` | {\"stack\":\"web\"} | Sofia Rossi deleted stack web",
                "PLATFORM_VALUES_UPDATED | `` | `` | {\"values\":{\"image\":{},\"domain\":\"x\"}}"
                        + " | Sofia Rossi changed the platform values (image, domain)",
                "EXPORT_DIVERGED | `` | `` | {\"repositoryEventId\":9,\"storeEventId\":7,\"reason\":\"restored backup\"}"
                        + " | The git export diverged: the repository is at event 9, the store at 7; the events"
                        + " between are skipped: restored backup",
                "EXPORT_FORCED | `` | `` | {\"repositoryEventId\":9,\"storeEventId\":7,"
                        + "\"commit\":\"0123456789abcdef0123456789abcdef01234567\",\"reason\":\"restore\"}"
                        + " | Sofia Rossi rendered the store over the halted export (event 7, commit 0123456): restore",
                "TOKEN_CREATED | `` | `` | {\"name\":\"ci\",\"roles\":[\"deployer\"],\"teams\":[\"payments\"]}"
                        + " | Sofia Rossi created the API token ci (deployer for payments)",
                "TOKEN_REVOKED | `` | `` | {\"name\":\"ci\",\"roles\":[]} | Sofia Rossi revoked the API token ci"
            })
    void saysWhatHappenedInOneSentence(
            EventKind kind, String application, String environment, String payload, String expected) {
        Event event = event(kind, application, environment, parse(kind, payload));

        assertThat(EventSentences.sentence(event)).contains(expected);
        assertThat(EventSentences.of(event)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void everyKindTheCodeEmitsHasASentence(EventKind kind) {
        Event event = event(kind, "cart", "dev", TestingEvents.payload(kind));

        assertThat(EventSentences.sentence(event))
                .hasValueSatisfying(sentence -> assertThat(sentence)
                        .isNotBlank()
                        .doesNotContain("Optional")
                        .doesNotContain("null"));
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void everyKindHasItsOwnWords(EventKind kind) {
        assertThat(EventSentences.kind(kind)).isNotBlank().doesNotContain("_");
        assertThat(Arrays.stream(EventKind.values())
                        .filter(other -> EventSentences.kind(other).equals(EventSentences.kind(kind))))
                .containsExactly(kind);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // A deploy that names no application: no sentence can say what moved, the summary shows the payload.
                "DEPLOYED | {\"version\":7,\"reason\":\"manual\"} | reason manual · version 7",
                // A payload that is not its kind's record (a kind that reuses another's payload) reads generically.
                "LOCK_CREATED | {\"version\":3,\"reason\":\"why\"} | reason why · version 3"
            })
    void fallsBackToTheGenericSummaryWhenNoSentenceFits(EventKind kind, String payload, String expected) {
        EventPayload parsed =
                kind == EventKind.LOCK_CREATED ? parse(EventKind.HOLD_PLACED, payload) : parse(kind, payload);
        Event event =
                new Event(1, Instant.EPOCH, SOFIA, kind, Optional.empty(), Optional.of(EnvName.of("dev")), parsed);

        assertThat(EventSentences.sentence(event)).isEmpty();
        assertThat(EventSentences.of(event)).isEqualTo(expected);
    }

    /** A payload as the log reads it back: the kind's record. */
    private static EventPayload parse(EventKind kind, String payload) {
        try {
            return Json.mapper()
                    .reader()
                    .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .forType(kind.payloadType())
                    .readValue(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static Event event(EventKind kind, String application, String environment, EventPayload payload) {
        return new Event(
                1,
                Instant.parse("2026-12-07T14:03:27Z"),
                SOFIA,
                kind,
                Optional.ofNullable(application).filter(name -> !name.isEmpty()).map(AppName::of),
                Optional.ofNullable(environment).filter(name -> !name.isEmpty()).map(EnvName::of),
                payload);
    }
}
