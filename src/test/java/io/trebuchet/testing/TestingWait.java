package io.trebuchet.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; no sleeps of fixed length in tests. */
public final class TestingWait {
    private TestingWait() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(() -> what, timeout, condition);
    }

    private static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            try {
                // Polling interval, not a wait for the condition itself.
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Polls {@code value} until {@code done} accepts it and returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> value, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        until(() -> what + " (last seen: " + last.get() + ")", timeout, () -> {
            T current = value.get();
            last.set(current);
            return done.test(current);
        });
        return last.get();
    }
}
