package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Version;
import java.util.Optional;

/** What a deploy did: the deployment now in place, and whether it changed (and from which version). */
public record DeployOutcome(Deployment deployment, boolean changed, Optional<Version> previousVersion) {
    public DeployOutcome {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(previousVersion, "previousVersion is null");
    }
}
