package io.trebuchet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.AppName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.testing.TestingEvents;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Payloads are written and read as their kind's record, and the log's older payloads still read. */
class EventPayloadTest {
    @ParameterizedTest
    @EnumSource(EventKind.class)
    void everyKindReadsBackWhatItWrote(EventKind kind) {
        EventPayload payload = TestingEvents.payload(kind);

        assertThat(EventLog.parse(kind, Json.write(payload))).isEqualTo(payload);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // As the log wrote them before payloads were typed: maps with only the fields that were set.
                "APPLICATION_CREATED|{}",
                "APPLICATION_UPDATED|{\"team\":\"payments\"}",
                "DEPLOYED|{\"reason\":\"auto\",\"version\":1}",
                "RELEASE_TRAIN|{\"deployed\":[{\"application\":\"cart\",\"version\":3}],\"queued\":[],"
                        + "\"skippedApplications\":[],\"target\":\"environment staging\",\"trainId\":\"t\"}",
                "LOCK_CREATED|{\"id\":\"qa\",\"kind\":\"environment\",\"message\":\"QA\","
                        + "\"expiresAt\":\"2026-11-02T10:00:00Z\",\"somethingNewer\":1}",
                "ENVIRONMENT_UPDATED|{\"config\":{\"upstream\":{\"latest\":true}},\"previousConfig\":{}}",
            })
    void olderPayloadsAreRead(EventKind kind, String stored) {
        assertThat(EventLog.parse(kind, stored)).isInstanceOf(kind.payloadType());
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void aPayloadIsWrittenWithItsFieldsInNameOrder(EventKind kind) {
        String written = Json.write(TestingEvents.payload(kind));

        assertThat(written).doesNotContain("\"template\"").doesNotContain("null");
    }

    @org.junit.jupiter.api.Test
    void aTrainEntryAndATeamReadAsTypes() {
        EventPayload.ReleaseTrain train = (EventPayload.ReleaseTrain) EventLog.parse(
                EventKind.RELEASE_TRAIN,
                "{\"deployed\":[{\"application\":\"cart\",\"version\":3,\"previousVersion\":2}],\"target\":\"x\","
                        + "\"trainId\":\"t\"}");
        EventPayload.ApplicationChanged changed = (EventPayload.ApplicationChanged)
                EventLog.parse(EventKind.APPLICATION_UPDATED, "{\"team\":\"payments\",\"template\":true}");

        assertThat(train.deployed())
                .containsExactly(new EventPayload.TrainEntry(
                        AppName.of("cart"),
                        Optional.of(new Version(3)),
                        Optional.of(new Version(2)),
                        Optional.empty()));
        assertThat(changed.team()).contains(TeamName.of("payments"));
        assertThat(changed.template()).isTrue();
        assertThat(Json.write(changed)).isEqualTo("{\"team\":\"payments\",\"template\":true}");
    }
}
