package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * Release ingest: {@code clients} concurrent CI clients post Kuberpult-style multipart releases (three environments,
 * about 2 KB of manifest each) for many applications; every release is also deployed to dev at once and exported.
 * Baseline: the same store's raw single-row insert rate of a 2 KB payload with as many clients.
 */
final class IngestBench {
    private IngestBench() {}

    static ScenarioResult run(BenchRun run, Backend backend) {
        BenchSizes sizes = run.sizes();
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.INGEST, BenchRun.label(backend))
                .parameter("applications", sizes.ingestApplications())
                .parameter("releases", sizes.ingestReleases())
                .parameter("warmupReleases", sizes.ingestWarmup())
                .parameter("clients", sizes.clients())
                .parameter("environments", Fleet.names(Fleet.THREE_ENVIRONMENTS))
                .parameter("manifestBytes", BenchSizes.INGEST_MANIFEST_BYTES);
        BenchStore store = run.newStore(backend, "ingest");
        List<String> applications = Fleet.applications(sizes.ingestApplications());
        List<String> environments = Fleet.names(Fleet.THREE_ENVIRONMENTS);
        int total = sizes.ingestWarmup() + sizes.ingestReleases();
        List<byte[]> bodies = new ArrayList<>(total);
        for (int index = 0; index < total; index++) {
            // Release i is version i / n + 1 of application i mod n: consecutive requests go to different applications.
            bodies.add(Fleet.release(
                    applications.get(index % applications.size()),
                    index / applications.size() + 1,
                    environments,
                    BenchSizes.INGEST_MANIFEST_BYTES));
        }
        Load load;
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.createEnvironments(http, Fleet.THREE_ENVIRONMENTS);
            run.progress("ingest on %s: %d warm-up releases", BenchRun.label(backend), sizes.ingestWarmup());
            Load.run(
                    sizes.clients(),
                    sizes.ingestWarmup(),
                    index -> http.postMultipart("/api/release", bodies.get(index)));
            run.progress(
                    "ingest on %s: %d releases from %d clients",
                    BenchRun.label(backend), sizes.ingestReleases(), sizes.clients());
            load = Load.run(
                    sizes.clients(),
                    sizes.ingestReleases(),
                    index -> http.postMultipart("/api/release", bodies.get(sizes.ingestWarmup() + index)));
            result.peakRss(server.peakRssBytes());
        }
        result.figure("throughput", "releases accepted", load.perSecond(), "releases/s")
                .latencies("latency", "release latency", load.latencies());
        run.progress("ingest on %s: raw insert baseline", BenchRun.label(backend));
        InsertBaseline.Rate baseline = InsertBaseline.measure(run, store, sizes.clients(), sizes.insertBaseline());
        result.baseline(
                        "rawInserts",
                        "raw 2 KB single-row inserts (" + baseline.method() + ")",
                        baseline.rowsPerSecond(),
                        "rows/s")
                .ratio(
                        "ingestPerRawInsert",
                        "releases/s per raw insert/s (higher is better)",
                        load.perSecond() / baseline.rowsPerSecond());
        return result.build();
    }
}
