package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the deployment history: {@code version} empty means the application was removed from the
 * environment.
 */
public record DeploymentChange(
        long id,
        AppName application,
        EnvName environment,
        Optional<Version> version,
        Optional<Version> previousVersion,
        Instant time,
        Actor actor,
        DeploymentReason reason,
        Optional<String> trainId) {
    public DeploymentChange {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(previousVersion, "previousVersion is null");
        requireNonNull(time, "time is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(trainId, "trainId is null");
    }
}
