package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;

/**
 * A person rolled {@code application} back to {@code version} in {@code environment}: automation (auto-deploy of new
 * releases, image automation, trains) leaves it there until someone releases the hold or deploys a newer version by
 * hand. A hold is a {@link Blocker}, so what automation wanted to deploy meanwhile waits as the queued version.
 */
public record Hold(
        AppName application, EnvName environment, Version version, Instant heldAt, Actor heldBy, String reason) {
    public Hold {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(version, "version is null");
        requireNonNull(heldAt, "heldAt is null");
        requireNonNull(heldBy, "heldBy is null");
        requireNonNull(reason, "reason is null");
    }

    public String describe() {
        return "%s is held at version %s in %s by %s: %s"
                .formatted(application, version, environment, heldBy.name(), reason);
    }
}
