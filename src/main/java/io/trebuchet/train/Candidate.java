package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.Violation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The version an upstream offers for one application, the environments its release has manifests for, and the policy
 * violations of its manifest for the train's target environment, and the chart version it was rendered from, if any.
 */
public record Candidate(
        Version version, Set<EnvName> manifests, List<Violation> violations, Optional<String> chartVersion) {
    public Candidate {
        requireNonNull(version, "version is null");
        manifests = Set.copyOf(manifests);
        violations = List.copyOf(violations);
        requireNonNull(chartVersion, "chartVersion is null");
    }

    public Candidate(Version version, Set<EnvName> manifests, List<Violation> violations) {
        this(version, manifests, violations, Optional.empty());
    }

    public Candidate(Version version, Set<EnvName> manifests) {
        this(version, manifests, List.of());
    }
}
