package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.environment.EnvironmentConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the server has now, as far as a platform directory declares it: environments, applications with their team and
 * number of releases, and where each application runs.
 */
record PlatformState(
        Map<EnvName, EnvironmentConfig> environments,
        Map<AppName, Optional<TeamName>> applications,
        Map<AppName, Long> releaseCounts,
        Map<AppName, Set<EnvName>> deployments) {
    PlatformState {
        environments = Map.copyOf(requireNonNull(environments, "environments is null"));
        applications = Map.copyOf(requireNonNull(applications, "applications is null"));
        releaseCounts = Map.copyOf(requireNonNull(releaseCounts, "releaseCounts is null"));
        Map<AppName, Set<EnvName>> copy = new java.util.HashMap<>();
        requireNonNull(deployments, "deployments is null")
                .forEach((application, running) -> copy.put(application, Set.copyOf(running)));
        deployments = Map.copyOf(copy);
    }
}
