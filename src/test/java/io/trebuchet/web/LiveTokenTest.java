package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.gitexport.ExportMode;
import io.trebuchet.gitexport.ExportStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveTokenTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

    @Test
    void theSameStateGivesTheSameTokenAndItIsSafeInAUrl() {
        String token = LiveToken.of(42, status(ExportStatus.State.RUNNING, 2, Optional.empty()));

        assertThat(LiveToken.of(42, status(ExportStatus.State.RUNNING, 2, Optional.empty())))
                .isEqualTo(token);
        assertThat(token).startsWith("42-").matches("[0-9a-f-]+");
    }

    @Test
    void aNewEventOrAnyChangeTheExportStatusShowsGivesANewToken() {
        String token = LiveToken.of(42, status(ExportStatus.State.RUNNING, 2, Optional.empty()));

        assertThat(LiveToken.of(43, status(ExportStatus.State.RUNNING, 2, Optional.empty())))
                .as("a new event")
                .isNotEqualTo(token);
        assertThat(LiveToken.of(42, status(ExportStatus.State.RUNNING, 0, Optional.empty())))
                .as("the export caught up")
                .isNotEqualTo(token);
        assertThat(LiveToken.of(42, status(ExportStatus.State.RETRYING, 2, Optional.empty())))
                .as("the export retries")
                .isNotEqualTo(token);
        assertThat(LiveToken.of(
                        42,
                        status(
                                ExportStatus.State.RUNNING,
                                2,
                                Optional.of(new ExportStatus.ErrorInfo("push refused", NOW, 1)))))
                .as("a new export error")
                .isNotEqualTo(token);
    }

    private static ExportStatus status(ExportStatus.State state, long behind, Optional<ExportStatus.ErrorInfo> error) {
        return new ExportStatus(
                state,
                "file:///repo.git",
                "main",
                ExportMode.ARGOCD,
                42,
                42 - behind,
                42,
                behind,
                behind == 0 ? 0 : 3,
                Optional.empty(),
                Optional.empty(),
                error,
                Optional.empty(),
                "replica-a",
                Optional.of("replica-a"));
    }
}
