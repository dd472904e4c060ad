package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.Optional;

/** The version of an application that should run in an environment now, and who put it there, when and why. */
public record Deployment(
        AppName application,
        EnvName environment,
        Version version,
        Instant deployedAt,
        Actor deployedBy,
        DeploymentReason reason,
        Optional<String> trainId) {
    public Deployment {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(deployedAt, "deployedAt is null");
        requireNonNull(deployedBy, "deployedBy is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(trainId, "trainId is null");
    }
}
