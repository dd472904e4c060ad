package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Set;

/** The version an upstream offers for one application, and the environments its release has manifests for. */
public record Candidate(Version version, Set<EnvName> manifests) {
    public Candidate {
        requireNonNull(version, "version is null");
        manifests = Set.copyOf(manifests);
    }
}
