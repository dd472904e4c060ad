package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.List;

/**
 * A version automation wanted to deploy but a lock or freeze stopped. It stays until someone deploys that version or
 * a newer one there, or automation queues a newer one; unlocking never deploys it by itself.
 */
public record QueuedVersion(
        AppName application,
        EnvName environment,
        Version version,
        Instant queuedAt,
        Actor queuedBy,
        DeploymentReason reason,
        List<String> blockedBy) {
    public QueuedVersion {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(queuedAt, "queuedAt is null");
        requireNonNull(queuedBy, "queuedBy is null");
        requireNonNull(reason, "reason is null");
        blockedBy = List.copyOf(blockedBy);
    }
}
