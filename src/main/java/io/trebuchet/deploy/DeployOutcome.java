package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.Version;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a deploy did: deployed (possibly over locks it was told to ignore), found that version already running, or
 * queued the version because something blocks it.
 */
public record DeployOutcome(
        Result result,
        Optional<Deployment> deployment,
        Optional<Version> previousVersion,
        Optional<QueuedVersion> queued,
        List<Blocker> blockedBy) {
    public DeployOutcome {
        requireNonNull(result, "result is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(previousVersion, "previousVersion is null");
        requireNonNull(queued, "queued is null");
        blockedBy = List.copyOf(blockedBy);
    }

    public enum Result {
        DEPLOYED,
        UNCHANGED,
        QUEUED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean changed() {
        return result == Result.DEPLOYED;
    }
}
