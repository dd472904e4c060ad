package io.trebuchet.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential backoff: after {@code n} failures in a row, wait {@code first × 2^(n-1)}, at most {@code max}. The one
 * rule for retrying transactions, pushes and client requests.
 */
public record Backoff(Duration first, Duration max) {
    public Backoff {
        requireNonNull(first, "first is null");
        requireNonNull(max, "max is null");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must start positive and end at or above its start");
        }
    }

    /** How long to wait after {@code failures} failures in a row; nothing before the first. */
    public Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration delay = first.multipliedBy(1L << Math.min(failures - 1, 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
