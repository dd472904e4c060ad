package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.EnvironmentConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the export renders, read in one snapshot of the store at event {@code eventId}: every environment's config,
 * the applications deployed in the environments being rendered (with version and team), and the deployed manifest of
 * the placements being rendered. A full snapshot holds every deployment and manifest.
 */
record ExportState(
        long eventId,
        SortedMap<EnvName, EnvironmentConfig> environments,
        SortedMap<EnvName, SortedMap<AppName, Deployed>> deployments,
        SortedMap<Placement, String> manifests) {
    ExportState {
        if (eventId < 0) {
            throw new IllegalArgumentException("eventId must not be negative");
        }
        environments = Collections.unmodifiableSortedMap(new TreeMap<>(environments));
        SortedMap<EnvName, SortedMap<AppName, Deployed>> copy = new TreeMap<>();
        deployments.forEach((environment, applications) ->
                copy.put(environment, Collections.unmodifiableSortedMap(new TreeMap<>(applications))));
        deployments = Collections.unmodifiableSortedMap(copy);
        manifests = Collections.unmodifiableSortedMap(new TreeMap<>(manifests));
    }

    /** The applications deployed in {@code environment}; the state must have been loaded for it. */
    SortedMap<AppName, Deployed> deployedIn(EnvName environment) {
        return deployments.getOrDefault(environment, Collections.emptySortedMap());
    }

    Optional<String> manifest(Placement placement) {
        return Optional.ofNullable(manifests.get(placement));
    }

    /** One deployed application: the version that runs, its team, for the Argo CD application's labels. */
    record Deployed(AppName application, Version version, Optional<TeamName> team) {
        Deployed {
            requireNonNull(application, "application is null");
            requireNonNull(version, "version is null");
            requireNonNull(team, "team is null");
        }
    }

    static ExportState of(
            long eventId,
            Map<EnvName, EnvironmentConfig> environments,
            Map<EnvName, ? extends Map<AppName, Deployed>> deployments,
            Map<Placement, String> manifests) {
        SortedMap<EnvName, SortedMap<AppName, Deployed>> sorted = new TreeMap<>();
        deployments.forEach((environment, applications) -> sorted.put(environment, new TreeMap<>(applications)));
        return new ExportState(eventId, new TreeMap<>(environments), sorted, new TreeMap<>(manifests));
    }
}
