package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Optional;

/**
 * Deploy {@code version} of {@code application} to {@code environment}, for {@code reason}; {@code lockBehavior}
 * says what to do when a lock or a freeze window stands in the way.
 */
public record DeployRequest(
        AppName application,
        EnvName environment,
        Version version,
        DeploymentReason reason,
        Optional<String> trainId,
        LockBehavior lockBehavior) {
    public DeployRequest {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(trainId, "trainId is null");
        requireNonNull(lockBehavior, "lockBehavior is null");
    }

    /** A person's deploy: refused when locked, unless they say otherwise. */
    public static DeployRequest manual(AppName application, EnvName environment, Version version) {
        return manual(application, environment, version, LockBehavior.FAIL);
    }

    public static DeployRequest manual(
            AppName application, EnvName environment, Version version, LockBehavior lockBehavior) {
        return new DeployRequest(
                application, environment, version, DeploymentReason.MANUAL, Optional.empty(), lockBehavior);
    }
}
