package io.trebuchet.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polling with a deadline: what the bench does while a server starts or its export catches up. */
final class Waiting {
    private static final Duration POLL = Duration.ofMillis(25);

    private Waiting() {}

    /** Waits until {@code condition} holds, polling; fails naming {@code what} after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after %s waiting for %s".formatted(timeout, what));
            }
            pause(POLL);
        }
    }

    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted");
        }
    }

    /** Parks until {@link System#nanoTime()} reaches {@code deadlineNanos}. */
    static void untilNanos(long deadlineNanos) {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
