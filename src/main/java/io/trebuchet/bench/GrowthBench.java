package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Growth: the same operations on two stores that differ only in how much history they hold. The first is the
 * overview's fleet (built again when the overview scenario did not run); the second is built the same way with {@code
 * historyFactor} times the releases and events. Each operation's figure on the second store divided by the first's
 * shows whether cost grows with history.
 */
final class GrowthBench {
    private GrowthBench() {}

    /** One operation's figure: its key and label and unit. */
    private record Operation(String key, String label, String unit) {}

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("overviewApi", "GET /api/v1/overview p50", "ms"),
            new Operation("overviewPage", "GET / (overview page) p50", "ms"),
            new Operation("applicationPage", "GET /applications/{app} p50", "ms"),
            new Operation("releasesApi", "GET /api/v1/applications/{app}/releases p50", "ms"),
            new Operation("eventsApi", "GET /api/v1/events newest 100 p50", "ms"),
            new Operation("releaseLatency", "release latency p50 (%d clients)", "ms"),
            new Operation("releaseThroughput", "releases accepted (%d clients)", "releases/s"),
            new Operation("trainSeconds", "train over every app into one environment", "s"),
            new Operation("exportAfterTrain", "export of that train (from its answer until pushed)", "s"));

    static ScenarioResult run(BenchRun run, Backend backend) {
        BenchSizes sizes = run.sizes();
        String label = BenchRun.label(backend);
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.GROWTH, label);
        List<String> applications = Fleet.applications(sizes.overviewApplications());
        OverviewBench.BuiltFleet small = run.fleet(backend)
                .orElseGet(() ->
                        OverviewBench.build(run, backend, "growth-1x", applications, sizes.overviewReleases(), result));
        OverviewBench.BuiltFleet large = OverviewBench.build(
                run,
                backend,
                "growth-" + sizes.historyFactor() + "x",
                applications,
                sizes.historyFactor() * sizes.overviewReleases(),
                result);
        result.parameter("applications", applications.size())
                .parameter("historyFactor", sizes.historyFactor())
                .parameter("releasesPerApplicationBefore", small.nextVersion() - 1)
                .parameter("releasesPerApplicationAfter", large.nextVersion() - 1)
                .parameter("eventsBefore", small.events())
                .parameter("eventsAfter", large.events())
                .parameter("reads", sizes.reads());
        // Each store is measured by a server of its own, started for the purpose: equally warm.
        run.progress("growth on %s: operations on the store with 1x history", label);
        Map<String, Double> before = operations(run, small, result);
        run.progress("growth on %s: operations on the store with %dx history", label, sizes.historyFactor());
        Map<String, Double> after = operations(run, large, result);
        for (Operation operation : OPERATIONS) {
            String what = operation.label().formatted(sizes.clients());
            double one = before.get(operation.key());
            double many = after.get(operation.key());
            result.figure(operation.key() + ".1x", what + ", 1x history", one, operation.unit())
                    .figure(
                            operation.key() + "." + sizes.historyFactor() + "x",
                            what + ", " + sizes.historyFactor() + "x history",
                            many,
                            operation.unit());
            boolean higherIsBetter = operation.unit().endsWith("/s");
            result.ratio(
                    operation.key(),
                    what
                            + ": %dx history per 1x (%s is better; 1 = no growth)"
                                    .formatted(sizes.historyFactor(), higherIsBetter ? "higher" : "lower"),
                    many / one);
        }
        return result.build();
    }

    private static Map<String, Double> operations(
            BenchRun run, OverviewBench.BuiltFleet fleet, ScenarioResult.Builder result) {
        BenchSizes sizes = run.sizes();
        List<String> applications = fleet.applications();
        Map<String, Double> figures = new LinkedHashMap<>();
        try (ServerProcess server = run.startServer(fleet.store(), ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.awaitExport(http);
            int[] next = {0};
            figures.put(
                    "overviewApi",
                    OverviewBench.reads(sizes.reads(), () -> http.getText("/api/v1/overview"))
                            .p50Millis());
            figures.put(
                    "overviewPage",
                    OverviewBench.reads(sizes.reads(), () -> http.getText("/")).p50Millis());
            figures.put(
                    "applicationPage",
                    OverviewBench.reads(
                                    sizes.reads(),
                                    () -> http.getText(
                                            "/applications/" + applications.get(next[0]++ % applications.size())))
                            .p50Millis());
            figures.put(
                    "releasesApi",
                    OverviewBench.reads(
                                    sizes.reads(),
                                    () -> http.getText("/api/v1/applications/%s/releases?limit=20"
                                            .formatted(applications.get(next[0]++ % applications.size()))))
                            .p50Millis());
            figures.put(
                    "eventsApi",
                    OverviewBench.reads(sizes.reads(), () -> http.getText("/api/v1/events?order=desc&limit=100"))
                            .p50Millis());
            Load releases = Fleet.releaseRound(
                    http,
                    applications,
                    fleet.nextVersion(),
                    Fleet.names(Fleet.TEN_ENVIRONMENTS),
                    BenchSizes.FLEET_MANIFEST_BYTES,
                    sizes.clients());
            figures.put("releaseLatency", releases.latencies().p50Millis());
            figures.put("releaseThroughput", releases.perSecond());
            Fleet.awaitExport(http);
            long start = System.nanoTime();
            int moved = Fleet.train(http, "qa");
            long answered = System.nanoTime();
            if (moved != applications.size()) {
                throw new IllegalStateException(
                        "the train into qa moved %d of %d applications".formatted(moved, applications.size()));
            }
            Fleet.awaitExport(http);
            figures.put("trainSeconds", (answered - start) / 1e9);
            figures.put("exportAfterTrain", (System.nanoTime() - answered) / 1e9);
            result.peakRss(server.peakRssBytes());
        }
        return figures;
    }
}
