package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.gitexport.ExportMode;
import io.trebuchet.gitexport.ExportStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportLagTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");

    @Test
    void upToDateWhenNothingIsBehind() {
        ExportLag lag = ExportLag.of(status(ExportStatus.State.RUNNING, 0, 0, Optional.empty()), NOW);

        assertThat(lag.upToDate()).isTrue();
        assertThat(lag.pending(NOW)).isFalse();
    }

    @Test
    void deploymentsSinceTheOldestUnpushedEventArePending() {
        ExportLag lag = ExportLag.of(status(ExportStatus.State.RETRYING, 4, 42.5, Optional.empty()), NOW);

        assertThat(lag.upToDate()).isFalse();
        assertThat(lag.behind()).isEqualTo("4 events behind");
        assertThat(lag.pending(NOW.minusSeconds(42))).isTrue();
        assertThat(lag.pending(NOW.minusSeconds(43))).isFalse();
    }

    @Test
    void aFailingExportSaysWhy() {
        ExportLag lag = ExportLag.of(
                status(
                        ExportStatus.State.RETRYING,
                        1,
                        3,
                        Optional.of(new ExportStatus.ErrorInfo("push refused", NOW, 2))),
                NOW);

        assertThat(lag.error()).contains("push refused");
        assertThat(lag.behind()).isEqualTo("1 event behind");
    }

    @Test
    void aStandbyReplicaDoesNotKnow() {
        assertThat(ExportLag.of(status(ExportStatus.State.STANDBY, 0, 0, Optional.empty()), NOW)
                        .known())
                .isFalse();
    }

    @Test
    void aRecoveredExportKeepsItsLastErrorButDoesNotShowIt() {
        ExportLag lag = ExportLag.of(
                status(
                        ExportStatus.State.RUNNING,
                        0,
                        0,
                        Optional.of(new ExportStatus.ErrorInfo("push refused", NOW, 0))),
                NOW);

        assertThat(lag.upToDate()).isTrue();
        assertThat(lag.error()).isEmpty();
    }

    @Test
    void aHaltedExportSaysWhyAndWhatToDo() {
        ExportStatus.Divergence divergence =
                new ExportStatus.Divergence(105, 100, "abc", "the store lost events", "run rerender --force", NOW);
        ExportStatus halted = new ExportStatus(
                ExportStatus.State.HALTED,
                "file:///repo.git",
                "main",
                ExportMode.ARGOCD,
                100,
                100,
                100,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(divergence),
                "replica-a",
                Optional.of("replica-a"));

        assertThat(ExportLag.of(halted, NOW).halted()).contains(divergence);
    }

    private static ExportStatus status(
            ExportStatus.State state, long behind, double seconds, Optional<ExportStatus.ErrorInfo> error) {
        return new ExportStatus(
                state,
                "file:///repo.git",
                "main",
                ExportMode.ARGOCD,
                10,
                10 - behind,
                10,
                behind,
                seconds,
                Optional.empty(),
                Optional.empty(),
                error,
                Optional.empty(),
                "replica-a",
                Optional.of("replica-a"));
    }
}
