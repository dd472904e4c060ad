package io.trebuchet.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The figures {@code /metrics} reads from the store: counts of the current locks and queued versions, the release
 * trains run, and the DORA four keys per environment from the event log. Read only; each query is one aggregate, so
 * that a scrape costs the store a few index or table scans, not a transfer of rows.
 */
final class MetricsStore {
    /** How many locks of {@code kind} hold in {@code environment}. */
    record LockCount(String environment, String kind, long count) {}

    /** How many versions automation queued in {@code environment}. */
    record QueuedCount(String environment, long count) {}

    /**
     * The DORA keys of one environment over a window: deployments, the median time from a release's creation to its
     * deployment there, rollbacks (a deployment of a lower version than the one that ran), and the median time a
     * version that was rolled back ran before the rollback restored the previous one.
     */
    record DoraKeys(
            String environment,
            long deployments,
            Optional<Double> leadTimeMedianSeconds,
            long rollbacks,
            Optional<Double> timeToRestoreMedianSeconds) {}

    List<LockCount> lockCounts(Handle handle) {
        return handle.createQuery("select environment, kind, count(*) as locks from locks group by environment, kind"
                        + " order by environment, kind")
                .map((row, ctx) -> new LockCount(row.getString("environment"), row.getString("kind"), row.getLong(3)))
                .list();
    }

    List<QueuedCount> queuedCounts(Handle handle) {
        return handle.createQuery("select environment, count(*) as queued from queued_versions group by environment"
                        + " order by environment")
                .map((row, ctx) -> new QueuedCount(row.getString("environment"), row.getLong(2)))
                .list();
    }

    long releaseTrains(Handle handle) {
        return handle.createQuery("select count(*) from events where kind = 'RELEASE_TRAIN'")
                .mapTo(Long.class)
                .one();
    }

    /**
     * The DORA keys of every environment with a deployment since {@code since}. A rollback's time to restore needs the
     * deployment before it, which is looked for up to {@code lookBehind} before {@code since}.
     */
    List<DoraKeys> doraKeys(Handle handle, Instant since, Instant lookBehind) {
        return handle.createQuery("""
                        with deployed as (
                            select e.environment, e.application, e.created_at,
                                   cast(cast(e.payload as json) ->> 'version' as bigint) as version,
                                   cast(cast(e.payload as json) ->> 'previousVersion' as bigint) as previous_version,
                                   lag(e.created_at) over (
                                       partition by e.environment, e.application order by e.id) as previous_at
                            from events e
                            where e.kind = 'DEPLOYED' and e.environment is not null and e.created_at >= :lookBehind
                        )
                        select d.environment,
                               count(*) as deployments,
                               percentile_cont(0.5) within group (
                                   order by extract(epoch from (d.created_at - r.created_at))) as lead_time,
                               count(*) filter (where d.version < d.previous_version) as rollbacks,
                               percentile_cont(0.5) within group (
                                   order by extract(epoch from (d.created_at - d.previous_at)))
                                   filter (where d.version < d.previous_version) as time_to_restore
                        from deployed d
                        left join releases r on r.application = d.application and r.version = d.version
                        where d.created_at >= :since
                        group by d.environment
                        order by d.environment
                        """)
                .bind("since", since)
                .bind("lookBehind", lookBehind)
                .map((row, ctx) -> new DoraKeys(
                        row.getString("environment"),
                        row.getLong("deployments"),
                        optionalDouble(row, "lead_time"),
                        row.getLong("rollbacks"),
                        optionalDouble(row, "time_to_restore")))
                .list();
    }

    private static Optional<Double> optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Math.max(0, value));
    }
}
