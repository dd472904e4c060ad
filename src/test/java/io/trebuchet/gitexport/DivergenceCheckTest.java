package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class DivergenceCheckTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final ObjectId COMMIT = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
    private static final Event EVENT_50 = deployed(50, Instant.parse("2026-12-06T11:00:00.123456Z"));

    @Test
    void aBranchWithoutEventsIsFine() {
        assertThat(DivergenceCheck.check(cursor(0, Optional.empty()), 0, Optional.empty(), NOW))
                .isEmpty();
    }

    @Test
    void theStoresOwnEventIsFine() {
        assertThat(DivergenceCheck.check(
                        cursor(50, Optional.of(EventDigest.of(EVENT_50))), 120, Optional.of(EVENT_50), NOW))
                .isEmpty();
    }

    @Test
    void aCommitFromBeforeDigestsIsTrustedWhenTheStoreHasTheEvent() {
        assertThat(DivergenceCheck.check(cursor(50, Optional.empty()), 50, Optional.of(EVENT_50), NOW))
                .isEmpty();
    }

    @Test
    void aBranchAheadOfTheStoreDiverges() {
        Optional<ExportStatus.Divergence> divergence =
                DivergenceCheck.check(cursor(105, Optional.of("aaaa")), 100, Optional.empty(), NOW);

        assertThat(divergence).hasValueSatisfying(found -> {
            assertThat(found.repositoryEventId()).isEqualTo(105);
            assertThat(found.storeEventId()).isEqualTo(100);
            assertThat(found.commit()).isEqualTo(COMMIT.name());
            assertThat(found.since()).isEqualTo(NOW);
            assertThat(found.reason()).contains("event 105", "last event is 100", "lost events");
            assertThat(found.resolution()).contains("trebuchet rerender --force", "event 105");
        });
    }

    @Test
    void anEventTheStoreSkippedDiverges() {
        assertThat(DivergenceCheck.check(cursor(50, Optional.empty()), 120, Optional.empty(), NOW))
                .hasValueSatisfying(found -> assertThat(found.reason()).contains("does not have"));
    }

    @Test
    void anotherEventUnderTheSameIdDiverges() {
        Event other = deployed(50, Instant.parse("2026-12-06T11:30:00Z"));

        assertThat(DivergenceCheck.check(
                        cursor(50, Optional.of(EventDigest.of(EVENT_50))), 80, Optional.of(other), NOW))
                .hasValueSatisfying(found -> assertThat(found.reason()).contains("is another one", "DEPLOYED"));
    }

    @Test
    void theDigestIgnoresPrecisionTheStoresDoNotKeep() {
        Event stored = deployed(50, Instant.parse("2026-12-06T11:00:00.123456Z"));
        Event inMemory = deployed(50, Instant.parse("2026-12-06T11:00:00.123456789Z"));

        assertThat(EventDigest.of(inMemory)).isEqualTo(EventDigest.of(stored)).hasSize(16);
        assertThat(EventDigest.of(deployed(51, stored.time()))).isNotEqualTo(EventDigest.of(stored));
    }

    private static ExportCursor cursor(long eventId, Optional<String> digest) {
        return new ExportCursor(COMMIT, eventId, digest, Optional.of("render"));
    }

    private static Event deployed(long id, Instant time) {
        EventPayload.Deployed payload =
                new EventPayload.Deployed(new Version(3), Optional.empty(), "manual", Optional.empty(), List.of());
        return new Event(
                id,
                time,
                new Actor("Jane", "jane@example.com"),
                EventKind.DEPLOYED,
                Optional.of(AppName.of("cart")),
                Optional.of(EnvName.of("dev")),
                payload);
    }
}
