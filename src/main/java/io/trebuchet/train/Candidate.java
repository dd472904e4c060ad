package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.Violation;
import java.util.List;
import java.util.Set;

/**
 * The version an upstream offers for one application, the environments its release has manifests for, and the policy
 * violations of its manifest for the train's target environment.
 */
public record Candidate(Version version, Set<EnvName> manifests, List<Violation> violations) {
    public Candidate {
        requireNonNull(version, "version is null");
        manifests = Set.copyOf(manifests);
        violations = List.copyOf(violations);
    }

    public Candidate(Version version, Set<EnvName> manifests) {
        this(version, manifests, List.of());
    }
}
