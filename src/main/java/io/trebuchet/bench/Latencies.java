package io.trebuchet.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of durations, by nearest rank (the p-th percentile is a duration that was measured, the smallest
 * one with at least p of the samples at or below it).
 *
 * @param count how many durations
 */
record Latencies(int count, double p50Millis, double p99Millis, double maxMillis, double meanMillis) {
    Latencies {
        if (count < 1) {
            throw new IllegalArgumentException("no durations");
        }
    }

    static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no durations");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        return new Latencies(
                sorted.length,
                millis(percentile(sorted, 0.50)),
                millis(percentile(sorted, 0.99)),
                millis(sorted[sorted.length - 1]),
                mean / 1e6);
    }

    /** The nearest-rank percentile {@code fraction} (0 < fraction ≤ 1) of {@code sorted}. */
    static long percentile(long[] sorted, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
