package io.trebuchet.bench;

import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.store.StoreSettings.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Git export. A fleet (every application deployed in ten environments, exported) gets a burst of events while its
 * export is held back (a server started with batching that never fires, as if the repository were away): a new release
 * of every application and its deploy to the other nine environments. A server with the default settings then drains
 * the burst into the manifest repository; then deploys arrive at a steady rate and the lag of each event is sampled.
 * Baseline: one git commit and one push per event for a sample, extrapolated to the burst.
 */
final class ExportBench {
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(20);

    private ExportBench() {}

    static ScenarioResult run(BenchRun run, Backend backend) {
        BenchSizes sizes = run.sizes();
        String label = BenchRun.label(backend);
        List<String> applications = Fleet.applications(sizes.exportApplications());
        List<String> environments = Fleet.names(Fleet.TEN_ENVIRONMENTS);
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.EXPORT, label)
                .parameter("applications", applications.size())
                .parameter("environments", environments.size())
                .parameter("steadyRate", sizes.steadyRate())
                .parameter("steadySeconds", sizes.steadyDuration().toSeconds())
                .parameter("gitSample", sizes.gitSample())
                .parameter("batchSize", ExportSettings.DEFAULT_BATCH_SIZE)
                .parameter("maxDelayMillis", ExportSettings.DEFAULT_MAX_DELAY.toMillis());
        BenchStore store = run.newStore(backend, "export");

        run.progress("export on %s: a fleet of %d applications in 10 environments", label, applications.size());
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.createEnvironments(http, Fleet.TEN_ENVIRONMENTS);
            Fleet.releaseRound(http, applications, 1, environments, BenchSizes.FLEET_MANIFEST_BYTES, sizes.clients());
            Fleet.TRAINS_IN_ORDER.forEach(target -> Fleet.train(http, target));
            Fleet.awaitExport(http);
            result.peakRss(server.peakRssBytes());
        }

        long burstEvents;
        Duration idleStartup;
        run.progress("export on %s: the burst, export held back", label);
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.HELD)) {
            BenchHttp http = server.http();
            idleStartup = server.startup();
            long before = Fleet.lastEventId(http);
            Fleet.releaseRound(http, applications, 2, environments, BenchSizes.FLEET_MANIFEST_BYTES, sizes.clients());
            List<String> others = environments.subList(1, environments.size());
            Load.run(
                    sizes.clients(),
                    applications.size() * others.size(),
                    index -> Fleet.deploy(
                            http, applications.get(index / others.size()), others.get(index % others.size()), 2));
            burstEvents = Fleet.lastEventId(http) - before;
            result.peakRss(server.peakRssBytes());
        }

        double drainSeconds;
        Steady steady;
        run.progress(
                "export on %s: draining %d events, then %d events/s for %d s",
                label, burstEvents, sizes.steadyRate(), sizes.steadyDuration().toSeconds());
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Waiting.until(() -> Fleet.exportProgress(http).caughtUp(), Duration.ofMinutes(10), "the burst to drain");
            // The exporter starts with the JVM; the startup of the previous server on this store, which had nothing to
            // export, is what this one spent before exporting.
            drainSeconds =
                    Math.max(0.001, (System.nanoTime() - server.startNanos()) / 1e9 - idleStartup.toNanos() / 1e9);
            steady = steady(http, applications, environments, sizes.steadyRate(), sizes.steadyDuration());
            result.peakRss(server.peakRssBytes());
        }
        result.figure("burstEvents", "burst", (double) burstEvents, "events")
                .figure("drainSeconds", "time to drain the burst (JVM start excluded)", drainSeconds, "s")
                .figure("drainRate", "drain rate", burstEvents / drainSeconds, "events/s")
                .figure("steadyRate", "steady phase: events answered", steady.eventsPerSecond(), "events/s")
                .latencies("steadyLag", "lag at %d events/s".formatted(sizes.steadyRate()), steady.lags());

        run.progress("export on %s: baseline, one commit and push per event for %d events", label, sizes.gitSample());
        Optional<GitBaseline.Result> git = GitBaseline.measure(
                run, store, ExportSettings.DEFAULT_BRANCH, applications, environments, sizes.gitSample());
        if (git.isPresent()) {
            double perEvent = git.get().secondsPerEvent();
            double extrapolated = perEvent * burstEvents;
            result.baseline("commitAndPush", "one git commit + push per event", perEvent * 1000, "ms/event")
                    .baseline(
                            "burstExtrapolated",
                            "one commit + push per event, the whole burst (extrapolated)",
                            extrapolated,
                            "s")
                    .ratio(
                            "drainSpeedup",
                            "burst drain speed-up over a commit + push per event (higher is better)",
                            extrapolated / drainSeconds)
                    .ratio(
                            "steadyRatePerBaselineCapacity",
                            "%d events/s per the rate a commit + push per event sustains (above 1: its lag grows"
                                            .formatted(sizes.steadyRate())
                                    + " without bound)",
                            sizes.steadyRate() * perEvent);
        }
        return result.build();
    }

    /** Every event's lag, and the rate at which the deploys were answered. */
    private record Steady(Latencies lags, double eventsPerSecond) {}

    /**
     * Sends deploys at {@code rate} per second for {@code duration} (open loop: on schedule, whether or not earlier
     * ones were answered), each a rollback of one application in one environment, while sampling the export status;
     * returns every event's lag.
     */
    private static Steady steady(
            BenchHttp http, List<String> applications, List<String> environments, int rate, Duration duration) {
        int total = Math.toIntExact(rate * duration.toSeconds());
        int pairs = applications.size() * environments.size();
        long first = Fleet.lastEventId(http);
        List<ExportLag.Sample> samples = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().name("bench-export-sampler").start(() -> {
            while (sampling.get()) {
                long now = System.nanoTime();
                Fleet.ExportProgress progress = Fleet.exportProgress(http);
                synchronized (samples) {
                    samples.add(new ExportLag.Sample(now, progress.lastEventId(), progress.cursorEventId()));
                }
                Waiting.untilNanos(now + SAMPLE_INTERVAL.toNanos());
            }
        });
        long last;
        double achieved;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>(total);
            long start = System.nanoTime() + SAMPLE_INTERVAL.toNanos();
            long interval = 1_000_000_000L / rate;
            for (int index = 0; index < total; index++) {
                Waiting.untilNanos(start + index * interval);
                int pair = index % pairs;
                // After the burst everything runs version 2: the first pass rolls back to 1, the next forward to 2.
                long version = (index / pairs) % 2 == 0 ? 1 : 2;
                sent.add(senders.submit(() -> Fleet.deploy(
                        http,
                        applications.get(pair % applications.size()),
                        environments.get(pair / applications.size()),
                        version)));
            }
            for (Future<?> deploy : sent) {
                deploy.get();
            }
            last = Fleet.lastEventId(http);
            achieved = (last - first) / ((System.nanoTime() - start) / 1e9);
            Waiting.until(
                    () -> Fleet.exportProgress(http).cursorEventId() >= Fleet.lastEventId(http),
                    Duration.ofMinutes(5),
                    "the steady events to be exported");
            // One more sample after the export caught up, so that every event has its exported sample.
            Waiting.pause(SAMPLE_INTERVAL.multipliedBy(2));
        } catch (ExecutionException e) {
            throw new IllegalStateException("a deploy failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            sampling.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (samples) {
            return new Steady(Latencies.ofNanos(ExportLag.perEvent(samples, first, last)), achieved);
        }
    }
}
