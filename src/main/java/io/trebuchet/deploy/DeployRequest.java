package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Optional;

/** Deploy {@code version} of {@code application} to {@code environment}, for {@code reason}. */
public record DeployRequest(
        AppName application, EnvName environment, Version version, DeploymentReason reason, Optional<String> trainId) {
    public DeployRequest {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(trainId, "trainId is null");
    }

    public static DeployRequest manual(AppName application, EnvName environment, Version version) {
        return new DeployRequest(application, environment, version, DeploymentReason.MANUAL, Optional.empty());
    }
}
