package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times every request by method, route template and status, as a Prometheus histogram with fixed buckets from 5 ms to
 * 10 s: few enough series to keep per route, enough to read the latencies a person notices.
 */
final class RequestMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    void record(String method, String route, int status, float milliseconds) {
        Timer.builder("trebuchet.http.server.requests")
                .description("HTTP requests answered, by method, route template and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Math.round(milliseconds * 1000.0), TimeUnit.MICROSECONDS);
    }
}
