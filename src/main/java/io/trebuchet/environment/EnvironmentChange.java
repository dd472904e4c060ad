package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of putting an environment: what it is now, whether it was created or changed, and the upstream it names
 * when that does not exist (yet).
 */
public record EnvironmentChange(
        Environment environment, boolean created, boolean changed, Optional<EnvName> missingUpstream) {
    public EnvironmentChange {
        requireNonNull(environment, "environment is null");
        requireNonNull(missingUpstream, "missingUpstream is null");
    }

    /** Plain-words warnings for the answer. */
    public List<String> warnings() {
        return missingUpstream.stream()
                .map(upstream ->
                        "upstream environment %s does not exist (yet): release trains into %s skip it with UPSTREAM_MISSING until it does"
                                .formatted(upstream, environment.name()))
                .toList();
    }
}
