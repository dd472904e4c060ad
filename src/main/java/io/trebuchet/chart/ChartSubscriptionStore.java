package io.trebuchet.chart;

import io.trebuchet.core.AppName;
import io.trebuchet.core.Version;
import io.trebuchet.imageautomation.SemverRange;
import io.trebuchet.schedule.HumanDuration;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of chart subscriptions and their scans. */
final class ChartSubscriptionStore {
    private static final String COLUMNS = "s.application, s.name, s.chart, s.repository, s.version_range,"
            + " s.interval_text, s.pre_releases, c.scanned_at, c.next_scan_at, c.last_error, c.newest_chart_version,"
            + " c.released_chart_version, c.released_version, c.outcome";
    private static final String FROM = " from chart_subscriptions s join chart_subscription_scans c"
            + " on c.application = s.application and c.name = s.name";

    /** A subscription with its scan state. */
    record Stored(ChartSubscription subscription, ChartSubscriptionScan scan) {}

    List<Stored> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + FROM + " order by s.application, s.name")
                .map((row, ctx) -> stored(row))
                .list();
    }

    Optional<Stored> find(Handle handle, AppName application, String name) {
        return handle.createQuery("select " + COLUMNS + FROM + " where s.application = :application and s.name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .map((row, ctx) -> stored(row))
                .findOne();
    }

    /** Writes the subscription; a new or changed one is due for a scan now. */
    void put(Handle handle, ChartSubscription subscription, Instant now) {
        boolean exists =
                find(handle, subscription.application(), subscription.name()).isPresent();
        String sql = exists
                ? "update chart_subscriptions set chart = :chart, repository = :repository,"
                        + " version_range = :range, interval_seconds = :interval, interval_text = :intervalText,"
                        + " pre_releases = :preReleases, updated_at = :now"
                        + " where application = :application and name = :name"
                : "insert into chart_subscriptions (application, name, chart, repository, version_range,"
                        + " interval_seconds, interval_text, pre_releases, created_at, updated_at) values"
                        + " (:application, :name, :chart, :repository, :range, :interval, :intervalText,"
                        + " :preReleases, :now, :now)";
        handle.createUpdate(sql)
                .bind("application", subscription.application().value())
                .bind("name", subscription.name())
                .bind("chart", subscription.chartText())
                .bind("repository", subscription.repository().orElse(null))
                .bind("range", subscription.range().text())
                .bind("interval", subscription.interval().value().toSeconds())
                .bind("intervalText", subscription.interval().text())
                .bind("preReleases", subscription.preReleases())
                .bind("now", now)
                .execute();
        handle.createUpdate(
                        exists
                                ? "update chart_subscription_scans set next_scan_at = :now"
                                        + " where application = :application and name = :name"
                                : "insert into chart_subscription_scans (application, name, next_scan_at)"
                                        + " values (:application, :name, :now)")
                .bind("application", subscription.application().value())
                .bind("name", subscription.name())
                .bind("now", now)
                .execute();
    }

    boolean delete(Handle handle, AppName application, String name) {
        handle.createUpdate("delete from chart_subscription_scans where application = :application and name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .execute();
        return handle.createUpdate("delete from chart_subscriptions where application = :application and name = :name")
                        .bind("application", application.value())
                        .bind("name", name)
                        .execute()
                > 0;
    }

    /**
     * Claims up to {@code limit} subscriptions whose scan is due: locks their rows (skipping those another replica
     * holds) and moves their next scan one interval on, so that each due scan runs once.
     */
    List<Stored> claimDue(Handle handle, Instant now, int limit) {
        List<Stored> due = handle.createQuery("select " + COLUMNS + FROM
                        + " where c.next_scan_at <= :now order by c.next_scan_at limit :limit for update skip locked")
                .bind("now", now)
                .bind("limit", limit)
                .map((row, ctx) -> stored(row))
                .list();
        for (Stored stored : due) {
            handle.createUpdate("update chart_subscription_scans set next_scan_at = :next"
                            + " where application = :application and name = :name")
                    .bind("application", stored.subscription().application().value())
                    .bind("name", stored.subscription().name())
                    .bind("next", now.plus(stored.subscription().interval().value()))
                    .execute();
        }
        return due;
    }

    /**
     * Locks the scan row of a subscription for the rest of the transaction and answers the chart version released
     * last (empty when none), or empty when the subscription is gone.
     */
    Optional<Optional<String>> lockReleased(Handle handle, AppName application, String name) {
        return handle.createQuery("select released_chart_version from chart_subscription_scans"
                        + " where application = :application and name = :name for update")
                .bind("application", application.value())
                .bind("name", name)
                .map((row, ctx) -> Rows.optionalString(row, "released_chart_version"))
                .findOne();
    }

    void saveScan(Handle handle, AppName application, String name, ChartSubscriptionScan scan) {
        handle.createUpdate("update chart_subscription_scans set scanned_at = :scannedAt,"
                        + " next_scan_at = :nextScanAt, last_error = :lastError,"
                        + " newest_chart_version = :newest, released_chart_version = :released,"
                        + " released_version = :releasedVersion, outcome = :outcome"
                        + " where application = :application and name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .bind("scannedAt", scan.scannedAt().orElse(null))
                .bind("nextScanAt", scan.nextScanAt())
                .bind("lastError", scan.lastError().orElse(null))
                .bind("newest", scan.newestChartVersion().orElse(null))
                .bind("released", scan.releasedChartVersion().orElse(null))
                .bind(
                        "releasedVersion",
                        scan.releasedVersion().map(Version::value).orElse(null))
                .bind("outcome", scan.outcome().orElse(null))
                .execute();
    }

    private static Stored stored(ResultSet row) throws SQLException {
        ChartSubscription subscription = new ChartSubscription(
                AppName.of(row.getString("application")),
                row.getString("name"),
                ChartReference.parse(row.getString("chart"), Rows.optionalString(row, "repository")),
                SemverRange.parse(row.getString("version_range")),
                HumanDuration.parse(row.getString("interval_text"), "interval"),
                row.getBoolean("pre_releases"));
        ChartSubscriptionScan scan = new ChartSubscriptionScan(
                Rows.optionalInstant(row, "scanned_at"),
                Rows.instant(row, "next_scan_at"),
                Rows.optionalString(row, "last_error"),
                Rows.optionalString(row, "newest_chart_version"),
                Rows.optionalString(row, "released_chart_version"),
                Rows.optionalLong(row, "released_version").map(Version::new),
                Rows.optionalString(row, "outcome"));
        return new Stored(subscription, scan);
    }
}
