package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.store.Rows;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads what the export renders, as one consistent picture when run inside one snapshot: environments, deployments
 * with their applications' teams, and deployed manifests, for everything or for a {@link ChangeScope}.
 */
final class ExportStore {
    private final ChartOutput chartOutput;

    /** A store that reads the charts of deployed releases only when {@code chartOutput} writes them. */
    ExportStore(ChartOutput chartOutput) {
        this.chartOutput = requireNonNull(chartOutput, "chartOutput is null");
    }

    /** The newest event id, 0 when there is none. */
    long lastEventId(Handle handle) {
        return handle.createQuery("select last_id from event_sequence where id = 1")
                .mapTo(Long.class)
                .one();
    }

    /** When the oldest event after {@code eventId} happened, if there is one. */
    Optional<Instant> oldestEventAfter(Handle handle, long eventId) {
        return handle.createQuery("select created_at from events where id > :after order by id limit 1")
                .bind("after", eventId)
                .map((row, ctx) -> Rows.instant(row, "created_at"))
                .findOne();
    }

    /** The whole state. */
    ExportState loadAll(Handle handle) {
        long eventId = lastEventId(handle);
        SortedMap<EnvName, SortedMap<AppName, ExportState.Deployed>> deployments =
                deployments(handle, Optional.empty());
        SortedMap<Placement, String> manifests = new TreeMap<>();
        handle.createQuery("""
                        select d.application, d.environment, m.content
                        from deployments d
                        join release_manifests m
                          on m.application = d.application and m.version = d.version and m.environment = d.environment
                        """)
                .map((row, ctx) -> Map.entry(
                        new Placement(
                                new AppName(row.getString("application")), new EnvName(row.getString("environment"))),
                        row.getString("content")))
                .forEach(entry -> manifests.put(entry.getKey(), entry.getValue()));
        return new ExportState(eventId, environments(handle), deployments, manifests, charts(handle, Optional.empty()));
    }

    /** The state that {@code scope} needs, which must already include the environments of its applications. */
    ExportState load(Handle handle, long eventId, ChangeScope scope) {
        SortedMap<EnvName, SortedMap<AppName, ExportState.Deployed>> deployments =
                scope.environments().isEmpty()
                        ? new TreeMap<>()
                        : deployments(handle, Optional.of(scope.environments()));
        SortedMap<Placement, String> manifests = new TreeMap<>();
        if (!scope.placements().isEmpty()) {
            Set<String> applications = new TreeSet<>();
            Set<String> environments = new TreeSet<>();
            scope.placements().forEach(placement -> {
                applications.add(placement.application().value());
                environments.add(placement.environment().value());
            });
            handle.createQuery("""
                            select d.application, d.environment, m.content
                            from deployments d
                            join release_manifests m
                              on m.application = d.application and m.version = d.version
                                 and m.environment = d.environment
                            where d.application in (<applications>) and d.environment in (<environments>)
                            """)
                    .bindList("applications", List.copyOf(applications))
                    .bindList("environments", List.copyOf(environments))
                    .map((row, ctx) -> Map.entry(
                            new Placement(
                                    new AppName(row.getString("application")),
                                    new EnvName(row.getString("environment"))),
                            row.getString("content")))
                    .forEach(entry -> {
                        if (scope.placements().contains(entry.getKey())) {
                            manifests.put(entry.getKey(), entry.getValue());
                        }
                    });
        }
        SortedMap<Placement, ExportState.HelmChart> charts =
                scope.placements().isEmpty() ? new TreeMap<>() : charts(handle, Optional.of(scope.placements()));
        return new ExportState(eventId, environments(handle), deployments, manifests, charts);
    }

    /**
     * The charts that deployed releases were rendered from, with each environment's values, where Flux can fetch them
     * (an uploaded archive it cannot); for {@code only} these placements, or all. None unless they are written.
     */
    private SortedMap<Placement, ExportState.HelmChart> charts(Handle handle, Optional<Set<Placement>> only) {
        SortedMap<Placement, ExportState.HelmChart> charts = new TreeMap<>();
        if (chartOutput == ChartOutput.RENDERED) {
            return charts;
        }
        Set<String> applications = new TreeSet<>();
        Set<String> environments = new TreeSet<>();
        only.ifPresent(placements -> placements.forEach(placement -> {
            applications.add(placement.application().value());
            environments.add(placement.environment().value());
        }));
        String sql = """
                select d.application, d.environment, c.source, c.reference, c.chart_name, c.chart_version,
                       v.values_json
                from deployments d
                join chart_releases c on c.application = d.application and c.version = d.version
                join chart_release_values v
                  on v.application = d.application and v.version = d.version and v.environment = d.environment
                where c.source in ('oci', 'repository')
                """
                + (only.isPresent()
                        ? " and d.application in (<applications>) and d.environment in (<environments>)"
                        : "");
        Query query = handle.createQuery(sql);
        if (only.isPresent()) {
            query.bindList("applications", List.copyOf(applications))
                    .bindList("environments", List.copyOf(environments));
        }
        query.map((row, ctx) -> Map.entry(
                        new Placement(
                                new AppName(row.getString("application")), new EnvName(row.getString("environment"))),
                        helmChart(
                                row.getString("source"),
                                row.getString("reference"),
                                row.getString("chart_name"),
                                row.getString("chart_version"),
                                row.getString("values_json"))))
                .forEach(entry -> {
                    if (only.map(placements -> placements.contains(entry.getKey()))
                            .orElse(true)) {
                        charts.put(entry.getKey(), entry.getValue());
                    }
                });
        return charts;
    }

    /** A stored chart reference as Flux fetches it: {@code oci://host/path}, or {@code <repository URL> <name>}. */
    @SuppressWarnings("unchecked") // stored values are a JSON object
    private static ExportState.HelmChart helmChart(
            String source, String reference, String name, String version, String valuesJson) {
        Map<String, Object> values = Json.read(valuesJson, Map.class, ErrorCode.INTERNAL_ERROR, "stored chart values");
        return switch (source) {
            case "oci" -> new ExportState.HelmChart(ExportState.HelmChart.Kind.OCI, reference, name, version, values);
            case "repository" ->
                new ExportState.HelmChart(
                        ExportState.HelmChart.Kind.REPOSITORY,
                        reference.substring(0, reference.lastIndexOf(' ')),
                        name,
                        version,
                        values);
            default -> throw new IllegalStateException("a chart release from an unknown source: " + source);
        };
    }

    /** The environments each of {@code applications} runs in. */
    Map<AppName, Set<EnvName>> runningIn(Handle handle, Collection<AppName> applications) {
        Map<AppName, Set<EnvName>> running = new HashMap<>();
        if (applications.isEmpty()) {
            return running;
        }
        handle.createQuery("select application, environment from deployments where application in (<applications>)")
                .bindList(
                        "applications",
                        applications.stream().map(AppName::value).toList())
                .map((row, ctx) ->
                        Map.entry(new AppName(row.getString("application")), new EnvName(row.getString("environment"))))
                .forEach(entry -> running.computeIfAbsent(entry.getKey(), ignored -> new TreeSet<>())
                        .add(entry.getValue()));
        return running;
    }

    private static SortedMap<EnvName, EnvironmentConfig> environments(Handle handle) {
        SortedMap<EnvName, EnvironmentConfig> environments = new TreeMap<>();
        handle.createQuery("select name, config from environments")
                .map((row, ctx) ->
                        Map.entry(new EnvName(row.getString("name")), EnvironmentConfig.parse(row.getString("config"))))
                .forEach(entry -> environments.put(entry.getKey(), entry.getValue()));
        return environments;
    }

    private static SortedMap<EnvName, SortedMap<AppName, ExportState.Deployed>> deployments(
            Handle handle, Optional<Set<EnvName>> only) {
        String sql = """
                select d.application, d.environment, d.version, a.team
                from deployments d join applications a on a.name = d.application
                """ + (only.isPresent() ? " where d.environment in (<environments>)" : "");
        Query query = handle.createQuery(sql);
        only.ifPresent(environments -> query.bindList(
                "environments", environments.stream().map(EnvName::value).toList()));
        SortedMap<EnvName, SortedMap<AppName, ExportState.Deployed>> deployments = new TreeMap<>();
        query.map((row, ctx) -> Map.entry(
                        new EnvName(row.getString("environment")),
                        new ExportState.Deployed(
                                new AppName(row.getString("application")),
                                new Version(row.getLong("version")),
                                Rows.optionalString(row, "team").map(TeamName::new))))
                .forEach(entry -> deployments
                        .computeIfAbsent(entry.getKey(), ignored -> new TreeMap<>())
                        .put(entry.getValue().application(), entry.getValue()));
        return deployments;
    }
}
