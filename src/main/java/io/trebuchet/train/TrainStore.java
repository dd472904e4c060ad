package io.trebuchet.train;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.Rows;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * SQL a train needs: what an upstream offers, with the environments each offered release has manifests for and the
 * policy violations of its manifest for the target environment.
 */
final class TrainStore {
    private static final String MANIFEST_COLUMNS = """
            m.environment,
            case when m.environment = :target then m.violations end as violations,
            case when m.environment = :target and m.violations is null then m.content end as content,
            (select c.chart_version from chart_releases c
                where c.application = m.application and c.version = m.version) as chart_version
            """;

    /** What an upstream environment runs, per application. */
    Map<AppName, Candidate> deployedIn(Handle handle, EnvName upstream, EnvName target) {
        return candidates(
                handle.createQuery("select d.application, d.version, " + MANIFEST_COLUMNS + """
                                from deployments d
                                join release_manifests m on m.application = d.application and m.version = d.version
                                where d.environment = :upstream
                                """)
                        .bind("upstream", upstream.value()),
                target);
    }

    /** The newest release of every application. */
    Map<AppName, Candidate> newestReleases(Handle handle, EnvName target) {
        return candidates(handle.createQuery("select r.application, r.version, " + MANIFEST_COLUMNS + """
                        from (select name as application, latest_version as version from applications
                            where archived_at is null and latest_version is not null) r
                        join release_manifests m on m.application = r.application and m.version = r.version

                        """), target);
    }

    private static Map<AppName, Candidate> candidates(Query query, EnvName target) {
        Map<AppName, Version> versions = new HashMap<>();
        Map<AppName, Set<EnvName>> manifests = new HashMap<>();
        Map<AppName, List<Violation>> violations = new HashMap<>();
        Map<AppName, String> charts = new HashMap<>();
        query.bind("target", target.value())
                .map((row, ctx) -> new Row(
                        new AppName(row.getString("application")),
                        new Version(row.getLong("version")),
                        new EnvName(row.getString("environment")),
                        Optional.ofNullable(row.getString("violations")),
                        Optional.ofNullable(row.getString("content")),
                        Optional.ofNullable(row.getString("chart_version"))))
                .forEach(row -> {
                    versions.put(row.application(), row.version());
                    row.chartVersion().ifPresent(chart -> charts.put(row.application(), chart));
                    manifests
                            .computeIfAbsent(row.application(), ignored -> new HashSet<>())
                            .add(row.environment());
                    if (row.environment().equals(target)) {
                        violations.put(
                                row.application(),
                                PolicyCheck.storedOrChecked(
                                        row.violations().orElse(null),
                                        row.content().orElse("")));
                    }
                });
        Map<AppName, Candidate> candidates = new HashMap<>();
        versions.forEach((application, version) -> candidates.put(
                application,
                new Candidate(
                        version,
                        manifests.get(application),
                        violations.getOrDefault(application, List.of()),
                        Optional.ofNullable(charts.get(application)))));
        return candidates;
    }

    /** What the environment runs, per application. */
    Map<AppName, Version> deployed(Handle handle, EnvName environment) {
        Map<AppName, Version> deployed = new HashMap<>();
        handle.createQuery("select application, version from deployments where environment = :environment")
                .bind("environment", environment.value())
                .map((row, ctx) ->
                        Map.entry(new AppName(row.getString("application")), new Version(row.getLong("version"))))
                .forEach(entry -> deployed.put(entry.getKey(), entry.getValue()));
        return deployed;
    }

    /** Locks the row of one schedule of one environment, returning when it last fired. */
    Optional<Instant> lockScheduleRun(Handle handle, EnvName environment, String key) {
        return handle.createQuery("""
                        select last_fired_at from scheduled_train_runs
                        where environment = :environment and schedule_key = :key for update
                        """)
                .bind("environment", environment.value())
                .bind("key", key)
                .map((row, ctx) -> Rows.instant(row, "last_fired_at"))
                .findOne();
    }

    void recordScheduleRun(Handle handle, EnvName environment, String key, Instant firedAt, boolean exists) {
        handle.createUpdate(
                        exists
                                ? "update scheduled_train_runs set last_fired_at = :firedAt"
                                        + " where environment = :environment and schedule_key = :key"
                                : "insert into scheduled_train_runs (environment, schedule_key, last_fired_at)"
                                        + " values (:environment, :key, :firedAt)")
                .bind("environment", environment.value())
                .bind("key", key)
                .bind("firedAt", firedAt)
                .execute();
    }

    private record Row(
            AppName application,
            Version version,
            EnvName environment,
            Optional<String> violations,
            Optional<String> content,
            Optional<String> chartVersion) {}
}
