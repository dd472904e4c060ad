package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Locale;
import java.util.Optional;

/**
 * What automation did with a new release in one environment that follows {@code latest}: deployed it, queued it
 * because a lock or freeze window stopped it, or skipped it (and why).
 */
public record AutoDeployment(EnvName environment, Version version, Status status, Optional<String> reason) {
    public AutoDeployment {
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(status, "status is null");
        requireNonNull(reason, "reason is null");
    }

    public enum Status {
        DEPLOYED,
        QUEUED,
        SKIPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static AutoDeployment deployed(EnvName environment, Version version) {
        return new AutoDeployment(environment, version, Status.DEPLOYED, Optional.empty());
    }

    public static AutoDeployment queued(EnvName environment, Version version, String reason) {
        return new AutoDeployment(environment, version, Status.QUEUED, Optional.of(reason));
    }

    public static AutoDeployment skipped(EnvName environment, Version version, String reason) {
        return new AutoDeployment(environment, version, Status.SKIPPED, Optional.of(reason));
    }

    public boolean deployed() {
        return status == Status.DEPLOYED;
    }
}
