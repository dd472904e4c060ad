package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Optional;

/**
 * What automation did with a new release in one environment that follows {@code latest}: deployed it, or not and why.
 */
public record AutoDeployment(EnvName environment, Version version, boolean deployed, Optional<String> reason) {
    public AutoDeployment {
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(reason, "reason is null");
    }

    public static AutoDeployment deployed(EnvName environment, Version version) {
        return new AutoDeployment(environment, version, true, Optional.empty());
    }

    public static AutoDeployment skipped(EnvName environment, Version version, String reason) {
        return new AutoDeployment(environment, version, false, Optional.of(reason));
    }
}
