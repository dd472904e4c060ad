package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.gitexport.ExportStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the manifest repository has caught up with what the overview shows: how many events it is behind, since
 * when, and the export's last error. A deployment made at or after the oldest event not yet pushed is not in git yet.
 */
record ExportLag(
        boolean known,
        long eventsBehind,
        Optional<Instant> pendingSince,
        Optional<String> error,
        Optional<ExportStatus.Divergence> halted) {
    static final ExportLag UNKNOWN = new ExportLag(false, 0, Optional.empty(), Optional.empty(), Optional.empty());

    ExportLag {
        requireNonNull(pendingSince, "pendingSince is null");
        requireNonNull(error, "error is null");
        requireNonNull(halted, "halted is null");
    }

    static ExportLag of(ExportStatus status, Instant now) {
        switch (status.state()) {
            case STANDBY, STARTING -> {
                return UNKNOWN;
            }
            case RUNNING, RETRYING, HALTED, STOPPED -> {}
        }
        Optional<Instant> pendingSince = status.eventsBehind() == 0
                ? Optional.empty()
                : Optional.of(now.minus(Duration.ofMillis(Math.round(status.secondsBehind() * 1000))));
        return new ExportLag(
                true,
                status.eventsBehind(),
                pendingSince,
                status.lastError().filter(error -> error.failedAttempts() > 0).map(ExportStatus.ErrorInfo::message),
                status.divergence());
    }

    boolean upToDate() {
        return known && eventsBehind == 0;
    }

    boolean pending(Instant deployedAt) {
        return pendingSince.filter(since -> !deployedAt.isBefore(since)).isPresent();
    }

    /** "3 events behind" or "1 event behind", for sentences. */
    String behind() {
        return eventsBehind == 1 ? "1 event behind" : eventsBehind + " events behind";
    }
}
