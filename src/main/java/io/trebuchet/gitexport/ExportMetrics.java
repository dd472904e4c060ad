package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the export records of its own work: how long commits and pushes take and how many fail, and how many of the
 * worker's steps failed. The lag is measured by {@link ExportWorker}, from its status.
 */
final class ExportMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final Timer commits;
    private final Timer failedCommits;
    private final Timer pushes;
    private final Timer failedPushes;
    private final Counter failedSteps;

    ExportMetrics(MeterRegistry registry) {
        requireNonNull(registry, "registry is null");
        commits = timer(registry, "trebuchet.export.commit", "Commits written to the exporter's clone", "success");
        failedCommits =
                timer(registry, "trebuchet.export.commit", "Commits written to the exporter's clone", "failure");
        pushes = timer(registry, "trebuchet.export.push", "Pushes of the export to the manifest repository", "success");
        failedPushes =
                timer(registry, "trebuchet.export.push", "Pushes of the export to the manifest repository", "failure");
        failedSteps = Counter.builder("trebuchet.export.failures")
                .description("Export steps that failed and were retried with backoff")
                .register(registry);
    }

    /** Records nothing anyone reads: for callers without a registry (tests of the cycle alone). */
    static ExportMetrics unread() {
        return new ExportMetrics(new SimpleMeterRegistry());
    }

    private static Timer timer(MeterRegistry registry, String name, String description, String outcome) {
        return Timer.builder(name)
                .description(description + ", by outcome")
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    <T> T commit(Supplier<T> work) {
        return timed(work, commits, failedCommits);
    }

    <T> T push(Supplier<T> work) {
        return timed(work, pushes, failedPushes);
    }

    void stepFailed() {
        failedSteps.increment();
    }

    private static <T> T timed(Supplier<T> work, Timer success, Timer failure) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            T result = work.get();
            succeeded = true;
            return result;
        } finally {
            (succeeded ? success : failure).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
