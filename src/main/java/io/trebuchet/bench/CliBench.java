package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a command line call costs: {@code trebuchet status} against a server with a small platform, started as a new
 * JVM per call the way {@code ./trebuchet} starts it (with the start-up cache the build recorded for this JDK, when
 * there is one beside the jar) and without that cache. Baseline: curl of the same endpoint ({@code GET
 * /api/v1/overview}), one process per call too.
 */
final class CliBench {
    private static final int WARMUP_CALLS = 2;

    private CliBench() {}

    static ScenarioResult run(BenchRun run, Backend backend) {
        int calls = run.sizes().quick() ? 5 : 20;
        String label = BenchRun.label(backend);
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.CLI, label)
                .parameter("calls", calls)
                .parameter("environments", Fleet.TEN_ENVIRONMENTS.size());
        Path jar = jar();
        String java = ProcessHandle.current().info().command().orElse("java");
        BenchStore store = run.newStore(backend, "cli");
        Path log = run.logs().resolve(store.name() + "-calls.log");
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.createEnvironments(http, Fleet.TEN_ENVIRONMENTS);
            String url = http.baseUrl();
            List<String> status = List.of("-jar", jar.toString(), "--url", url, "status");
            Optional<List<String>> startUpOptions = startUpOptions(jar, java);
            run.progress(
                    "cli on %s: %d calls of trebuchet status %s, without it, and of curl",
                    label,
                    calls,
                    startUpOptions.isPresent() ? "with the start-up cache" : "(no start-up cache beside the jar)");
            Optional<Latencies> cached =
                    startUpOptions.map(options -> calls(calls, concat(List.of(java), options, status), log));
            cached.ifPresent(latencies ->
                    result.latencies("status", "trebuchet status with the start-up cache (a JVM per call)", latencies));
            Latencies plain = calls(calls, concat(List.of(java), List.of(), status), log);
            result.latencies("statusPlain", "trebuchet status without the start-up cache", plain);
            if (Processes.available("curl")) {
                Latencies curl = calls(calls, List.of("curl", "-sf", "-o", "/dev/null", url + "/api/v1/overview"), log);
                result.baseline(
                        "curl.p50", "curl GET /api/v1/overview p50 (a process per call)", curl.p50Millis(), "ms");
                double cli = cached.orElse(plain).p50Millis();
                result.ratio(
                        "cliPerCurl", "trebuchet status p50 per curl p50 (lower is better)", cli / curl.p50Millis());
            } else {
                result.note("curl is not installed: no baseline");
            }
            result.peakRss(server.peakRssBytes());
        }
        return result.build();
    }

    private static Latencies calls(int count, List<String> command, Path log) {
        for (int warmup = 0; warmup < WARMUP_CALLS; warmup++) {
            Processes.run(command, log);
        }
        long[] nanos = new long[count];
        for (int index = 0; index < count; index++) {
            long start = System.nanoTime();
            Processes.run(command, log);
            nanos[index] = System.nanoTime() - start;
        }
        return Latencies.ofNanos(nanos);
    }

    /**
     * The JVM options of {@code ./trebuchet}'s client calls, from the files the build writes beside the jar
     * ({@code java-home}, {@code java-options}: the launcher's copy of the jar) or in {@code client-start/} next to it
     * ({@code target/}), when they were recorded for the JDK this bench runs on.
     */
    private static Optional<List<String>> startUpOptions(Path jar, String java) {
        for (Path directory : List.of(jar.getParent(), jar.getParent().resolve("client-start"))) {
            Path home = directory.resolve("java-home");
            Path options = directory.resolve("java-options");
            if (Files.isReadable(home) && Files.isReadable(options)) {
                String recordedFor = read(home).strip();
                if (Path.of(java).startsWith(Path.of(recordedFor))) {
                    String line = read(options).strip().replace("@DIR@", directory.toString());
                    return Optional.of(Arrays.asList(line.split("\\s+")));
                }
            }
        }
        return Optional.empty();
    }

    /** The jar this runs from, or, run from {@code target/classes} (tests), the jar the build made beside it. */
    private static Path jar() {
        Path location;
        try {
            location = Path.of(CliBench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the jar is", e);
        }
        Path jar = Files.isDirectory(location) ? location.resolveSibling("trebuchet.jar") : location;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the cli scenario starts the jar, and there is none at " + jar);
        }
        return jar;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
