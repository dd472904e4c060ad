package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How much the server takes on at once.
 *
 * @param apiConcurrency API requests served at the same time (the store has a few more connections, for the
 *     pages and the health check)
 * @param pageConcurrency web UI pages served at the same time
 * @param maxQueued requests that may wait for a permit, per lane; more are refused at once
 * @param maxWait how long a request waits for a permit before it is refused
 */
public record AdmissionSettings(int apiConcurrency, int pageConcurrency, int maxQueued, Duration maxWait) {
    public static final AdmissionSettings DEFAULTS = new AdmissionSettings(12, 4, 64, Duration.ofSeconds(2));

    public AdmissionSettings {
        requireNonNull(maxWait, "maxWait is null");
        if (apiConcurrency < 1 || pageConcurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must not be negative");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
    }
}
