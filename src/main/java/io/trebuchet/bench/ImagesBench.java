package io.trebuchet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.store.StoreSettings.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Image automation at scale: image sources, each polling its own repository on one registry (Debian's
 * {@code docker-registry}) within one request budget. Once every source has released its first tag, new tags are
 * pushed to a sample of repositories at an even pace; the figure is the time from each push to the scan that released
 * it (p50, p99), against what polling makes it wait: a tag pushed at a random moment waits for its source's next scan,
 * which comes every {@code interval}, or every {@code sources / rate} seconds when the budget cannot scan every source
 * that often. Also: the registry requests per detected tag (polling's price, which notifications avoid) and the
 * request rate against the budget.
 */
final class ImagesBench {
    private static final String TEMPLATE = """
            kind: ConfigMap
            apiVersion: v1
            metadata:
              name: app
            data:
              tag: "{{image.tag}}"
            """;

    private ImagesBench() {}

    /** The sizes: sources, their interval, the budget's rate and burst, and the pushes measured. */
    record Sizes(int sources, Duration interval, double rate, int burst, int pushes) {
        static Sizes of(boolean quick) {
            return quick
                    ? new Sizes(50, Duration.ofSeconds(10), 20, 5, 10)
                    : new Sizes(1000, Duration.ofSeconds(60), 25, 5, 60);
        }

        /** How often a source is scanned at best: its interval, or a round of the budget over every source. */
        double roundSeconds() {
            return Math.max(interval.toMillis() / 1000.0, sources / rate);
        }
    }

    static ScenarioResult run(BenchRun run, Backend backend) {
        Sizes sizes = Sizes.of(run.sizes().quick());
        String label = BenchRun.label(backend);
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.IMAGES, label)
                .parameter("sources", sizes.sources())
                .parameter("intervalSeconds", sizes.interval().toSeconds())
                .parameter("budgetPerSecond", sizes.rate())
                .parameter("budgetBurst", sizes.burst())
                .parameter("pushes", sizes.pushes());
        if (!BenchRegistry.available()) {
            return result.note("docker-registry is not installed (apt-get install docker-registry): not measured")
                    .build();
        }
        BenchStore store = run.newStore(backend, "images");
        try (BenchRegistry registry = BenchRegistry.start(run.work().resolve(store.name() + "-registry"))) {
            List<String> repositories = new ArrayList<>();
            for (int index = 1; index <= sizes.sources(); index++) {
                String repository = "bench/app-%04d".formatted(index);
                registry.push(repository, "1.0.0");
                repositories.add(repository);
            }
            List<String> budget = List.of(
                    "--registry-budget",
                    "%s=%s,burst=%d,concurrency=2".formatted(registry.host(), sizes.rate(), sizes.burst()));
            try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT, budget)) {
                BenchHttp http = server.http();
                http.putJson("/api/v1/environments/dev", Map.of("upstream", Map.of("latest", true)));
                run.progress("images on %s: %d applications with an image source each", label, sizes.sources());
                long declaredAt = System.nanoTime();
                for (int index = 0; index < sizes.sources(); index++) {
                    String application = application(index);
                    http.putJson(
                            "/api/v1/applications/" + application,
                            Map.of("template", TEMPLATE, "environments", List.of("dev")));
                    http.putJson(
                            "/api/v1/applications/%s/image-sources/image".formatted(application),
                            Map.of(
                                    "image",
                                    registry.image(repositories.get(index)),
                                    "interval",
                                    sizes.interval().toSeconds() + "s",
                                    "policy",
                                    Map.of("semver", Map.of("range", ">=1.0.0"))));
                }
                Duration firstRound = Duration.ofSeconds((long) (sizes.roundSeconds() * 3 + 60));
                Waiting.until(
                        () -> released(http).values().stream()
                                        .filter("1.0.0"::equals)
                                        .count()
                                == sizes.sources(),
                        firstRound,
                        "every source to release its first tag");
                double firstSeconds = (System.nanoTime() - declaredAt) / 1e9;
                result.figure(
                        "firstTagsSeconds",
                        "%d sources declared to their first tags released".formatted(sizes.sources()),
                        firstSeconds,
                        "s");

                // The measured phase: pushes at an even pace over two rounds, each to another repository.
                long requestsBefore = registry.requestsFromOthers();
                long phaseStart = System.nanoTime();
                Duration spacing = Duration.ofMillis((long) (sizes.roundSeconds() * 2000 / sizes.pushes()));
                run.progress(
                        "images on %s: %d pushes, one every %.1f s, each waiting for its source's scan",
                        label, sizes.pushes(), spacing.toMillis() / 1000.0);
                // A source's scannedAt is read as soon as it released its pushed tag: the scan that released it, not
                // a later one.
                Map<String, Instant> pushedAt = new LinkedHashMap<>();
                Map<String, String> pushedTag = new HashMap<>();
                Map<String, Instant> releasedAt = new HashMap<>();
                // Targets in a fixed random order: in index order they would follow the order the worker scans in.
                List<Integer> targets = new ArrayList<>(
                        IntStream.range(0, sizes.sources()).boxed().toList());
                Collections.shuffle(targets, new Random(7));
                int pushed = 0;
                long deadline = phaseStart
                        + spacing.toNanos() * sizes.pushes()
                        + Duration.ofSeconds((long) (sizes.roundSeconds() * 3 + 30))
                                .toNanos();
                while (releasedAt.size() < sizes.pushes()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("%d of %d pushed tags were released in time"
                                .formatted(releasedAt.size(), sizes.pushes()));
                    }
                    if (pushed < sizes.pushes() && System.nanoTime() >= phaseStart + spacing.toNanos() * pushed) {
                        int index = targets.get(pushed);
                        String tag = "1.0.%d".formatted(pushed + 1);
                        registry.push(repositories.get(index), tag);
                        pushedAt.put(application(index), Instant.now());
                        pushedTag.put(application(index), tag);
                        pushed++;
                        continue;
                    }
                    for (JsonNode source : http.getJson("/api/v1/image-sources").path("imageSources")) {
                        String application = source.path("application").asText();
                        JsonNode scan = source.path("scan");
                        if (pushedTag.containsKey(application)
                                && !releasedAt.containsKey(application)
                                && pushedTag
                                        .get(application)
                                        .equals(scan.path("releasedTag").asText())) {
                            releasedAt.put(
                                    application,
                                    Instant.parse(scan.path("scannedAt").asText()));
                        }
                    }
                    Waiting.pause(Duration.ofSeconds(1));
                }
                double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
                long requests = registry.requestsFromOthers() - requestsBefore;
                long[] nanos = pushedAt.entrySet().stream()
                        .mapToLong(entry -> Math.max(
                                0,
                                Duration.between(entry.getValue(), releasedAt.get(entry.getKey()))
                                        .toNanos()))
                        .toArray();
                Latencies latencies = Latencies.ofNanos(nanos);
                result.latencies("pushToRelease", "push to release", latencies);
                result.baseline(
                        "expectedWait.p50",
                        "polling's expected wait p50: half a round of %.0f s".formatted(sizes.roundSeconds()),
                        sizes.roundSeconds() * 500,
                        "ms");
                result.baseline(
                        "expectedWait.p99",
                        "polling's expected wait p99: 0.99 of a round of %.0f s".formatted(sizes.roundSeconds()),
                        sizes.roundSeconds() * 990,
                        "ms");
                result.ratio(
                        "p50PerExpectedWait",
                        "push to release p50 per polling's expected wait (1: scans on time; lower needs notifications)",
                        latencies.p50Millis() / (sizes.roundSeconds() * 500));
                result.ratio(
                        "p99PerExpectedWait",
                        "push to release p99 per polling's expected wait",
                        latencies.p99Millis() / (sizes.roundSeconds() * 990));
                result.figure(
                        "requestsPerTag",
                        "registry requests per detected tag (polling %d sources)".formatted(sizes.sources()),
                        (double) requests / sizes.pushes(),
                        "requests");
                result.figure(
                        "requestsPerSecond",
                        "registry requests a second while measuring (budget %.0f)".formatted(sizes.rate()),
                        requests / phaseSeconds,
                        "req/s");
                result.ratio(
                        "requestRatePerBudget",
                        "registry request rate per the budget's rate (at most 1)",
                        requests / phaseSeconds / sizes.rate());
                result.peakRss(server.peakRssBytes());
            }
        }
        return result.build();
    }

    private static String application(int index) {
        return "app-%04d".formatted(index + 1);
    }

    /** The tag each application's source released last. */
    private static Map<String, String> released(BenchHttp http) {
        Map<String, String> released = new HashMap<>();
        for (JsonNode source : http.getJson("/api/v1/image-sources").path("imageSources")) {
            JsonNode tag = source.path("scan").path("releasedTag");
            if (tag.isTextual()) {
                released.put(source.path("application").asText(), tag.asText());
            }
        }
        return released;
    }
}
