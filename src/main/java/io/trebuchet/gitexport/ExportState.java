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
 * the placements being rendered. A full snapshot holds every deployment and manifest. {@code charts} holds, for the
 * placements being rendered whose deployed release came from a chart repository or an OCI registry, that chart and the
 * values it was rendered with; it is loaded only when the export writes {@code HelmRelease}s.
 */
record ExportState(
        long eventId,
        SortedMap<EnvName, EnvironmentConfig> environments,
        SortedMap<EnvName, SortedMap<AppName, Deployed>> deployments,
        SortedMap<Placement, String> manifests,
        SortedMap<Placement, HelmChart> charts) {
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
        charts = Collections.unmodifiableSortedMap(new TreeMap<>(charts));
    }

    /** The applications deployed in {@code environment}; the state must have been loaded for it. */
    SortedMap<AppName, Deployed> deployedIn(EnvName environment) {
        return deployments.getOrDefault(environment, Collections.emptySortedMap());
    }

    Optional<String> manifest(Placement placement) {
        return Optional.ofNullable(manifests.get(placement));
    }

    Optional<HelmChart> chart(Placement placement) {
        return Optional.ofNullable(charts.get(placement));
    }

    /**
     * A chart that Flux can fetch itself: from an OCI repository ({@code url} is {@code oci://host/path}) or a classic
     * chart repository ({@code url} serves {@code index.yaml}), with the exact version and the values Trebuchet merged
     * for the environment.
     */
    record HelmChart(HelmChart.Kind kind, String url, String name, String version, Map<String, Object> values) {
        enum Kind {
            OCI,
            REPOSITORY
        }

        HelmChart {
            requireNonNull(kind, "kind is null");
            requireNonNull(url, "url is null");
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
            values = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values is null")));
        }
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
        return of(eventId, environments, deployments, manifests, Map.of());
    }

    static ExportState of(
            long eventId,
            Map<EnvName, EnvironmentConfig> environments,
            Map<EnvName, ? extends Map<AppName, Deployed>> deployments,
            Map<Placement, String> manifests,
            Map<Placement, HelmChart> charts) {
        SortedMap<EnvName, SortedMap<AppName, Deployed>> sorted = new TreeMap<>();
        deployments.forEach((environment, applications) -> sorted.put(environment, new TreeMap<>(applications)));
        return new ExportState(
                eventId, new TreeMap<>(environments), sorted, new TreeMap<>(manifests), new TreeMap<>(charts));
    }
}
