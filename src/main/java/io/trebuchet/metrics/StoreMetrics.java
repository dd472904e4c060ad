package io.trebuchet.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures read from the store, as gauges: refreshed before a scrape when the last reading is older than {@code
 * maxAge}, so that several Prometheus servers scraping every few seconds cost the store one set of queries. When the
 * store does not answer the last reading stays, and {@code trebuchet_metrics_store_failures_total} counts it.
 */
final class StoreMetrics {
    private static final Logger log = LoggerFactory.getLogger(StoreMetrics.class);

    /** The window of the DORA keys. */
    static final Duration DORA_WINDOW = Duration.ofDays(30);

    private final Database database;
    private final MetricsStore store = new MetricsStore();
    private final Clock clock;
    private final Clock timer;
    private final Duration maxAge;
    private final MultiGauge locks;
    private final MultiGauge queued;
    private final AtomicLong trains = new AtomicLong();
    private final MultiGauge deployments;
    private final MultiGauge deploymentFrequency;
    private final MultiGauge leadTime;
    private final MultiGauge rollbacks;
    private final MultiGauge changeFailureRate;
    private final MultiGauge timeToRestore;
    private final Counter failures;
    private Instant nextRefresh = Instant.MIN;

    /**
     * {@code clock} places the DORA window (the clock that stamps events); {@code timer} ages the readings.
     */
    StoreMetrics(Database database, MeterRegistry registry, Clock clock, Clock timer, Duration maxAge) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.maxAge = requireNonNull(maxAge, "maxAge is null");
        requireNonNull(registry, "registry is null");
        locks = MultiGauge.builder("trebuchet.locks")
                .description("Locks that hold now, by environment and kind (environment, application, team)")
                .register(registry);
        queued = MultiGauge.builder("trebuchet.queued.versions")
                .description("Versions that automation wanted to deploy but a lock or freeze window held back")
                .register(registry);
        FunctionCounter.builder("trebuchet.release.trains", trains, AtomicLong::get)
                .description("Release trains run, scheduled or asked for")
                .register(registry);
        String window = " over the last %d days".formatted(DORA_WINDOW.toDays());
        deployments = MultiGauge.builder("trebuchet.dora.deployments")
                .description("DORA: deployments to the environment" + window)
                .register(registry);
        deploymentFrequency = MultiGauge.builder("trebuchet.dora.deployment.frequency")
                .description("DORA deployment frequency: deployments to the environment per day" + window)
                .baseUnit("per_day")
                .register(registry);
        leadTime = MultiGauge.builder("trebuchet.dora.lead.time.median")
                .description(
                        "DORA lead time: median time from a release's creation to its deployment to the environment"
                                + window)
                .baseUnit("seconds")
                .register(registry);
        rollbacks = MultiGauge.builder("trebuchet.dora.rollbacks")
                .description("Deployments of a lower version than the one that ran (rollbacks)" + window)
                .register(registry);
        changeFailureRate = MultiGauge.builder("trebuchet.dora.change.failure")
                .description("DORA change failure rate: the share of deployments that were rollbacks" + window)
                .baseUnit("ratio")
                .register(registry);
        timeToRestore = MultiGauge.builder("trebuchet.dora.time.to.restore.median")
                .description("DORA time to restore: median time a version ran before a rollback replaced it" + window)
                .baseUnit("seconds")
                .register(registry);
        failures = Counter.builder("trebuchet.metrics.store.failures")
                .description("Scrapes that could not read the store's figures and showed the previous reading")
                .register(registry);
    }

    /** Reads the figures again if the last reading is older than the maximum age. */
    synchronized void refresh() {
        Instant now = timer.instant();
        if (now.isBefore(nextRefresh)) {
            return;
        }
        nextRefresh = now.plus(maxAge);
        Instant since = clock.instant().minus(DORA_WINDOW);
        if (!database.hasConnections()) {
            failures.increment();
            log.debug("The store is not reachable now; /metrics shows the previous figures");
            return;
        }
        Figures figures;
        try {
            figures = database.read(handle -> new Figures(
                    store.lockCounts(handle),
                    store.queuedCounts(handle),
                    store.releaseTrains(handle),
                    store.doraKeys(handle, since, since.minus(DORA_WINDOW))));
        } catch (TrebuchetException e) {
            failures.increment();
            log.debug("Cannot read the store's figures for /metrics: {}", e.getMessage());
            return;
        }
        locks.register(
                figures.locks().stream()
                        .map(lock -> MultiGauge.Row.of(
                                Tags.of("environment", lock.environment(), "kind", lock.kind()), lock.count()))
                        .toList(),
                true);
        queued.register(
                figures.queued().stream()
                        .map(count -> MultiGauge.Row.of(Tags.of("environment", count.environment()), count.count()))
                        .toList(),
                true);
        trains.set(figures.trains());
        List<MetricsStore.DoraKeys> dora = figures.dora();
        deployments.register(
                dora.stream()
                        .map(keys -> row(keys, (double) keys.deployments()))
                        .toList(),
                true);
        deploymentFrequency.register(
                dora.stream()
                        .map(keys -> row(keys, keys.deployments() / (double) DORA_WINDOW.toDays()))
                        .toList(),
                true);
        leadTime.register(
                dora.stream()
                        .filter(keys -> keys.leadTimeMedianSeconds().isPresent())
                        .map(keys -> row(keys, keys.leadTimeMedianSeconds().orElseThrow()))
                        .toList(),
                true);
        rollbacks.register(
                dora.stream().map(keys -> row(keys, (double) keys.rollbacks())).toList(), true);
        changeFailureRate.register(
                dora.stream()
                        .map(keys -> row(keys, keys.rollbacks() / (double) keys.deployments()))
                        .toList(),
                true);
        timeToRestore.register(
                dora.stream()
                        .filter(keys -> keys.timeToRestoreMedianSeconds().isPresent())
                        .map(keys -> row(keys, keys.timeToRestoreMedianSeconds().orElseThrow()))
                        .toList(),
                true);
    }

    private static MultiGauge.Row<Number> row(MetricsStore.DoraKeys keys, double value) {
        return MultiGauge.Row.of(Tags.of("environment", keys.environment()), value);
    }

    private record Figures(
            List<MetricsStore.LockCount> locks,
            List<MetricsStore.QueuedCount> queued,
            long trains,
            List<MetricsStore.DoraKeys> dora) {}
}
