package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limit on failed authentication, per client: after {@code maxFailures} failures within {@code window}, the
 * client is refused with {@code 429 RATE_LIMITED} (and {@code Retry-After}) until the window ends, before its
 * credentials are even looked at, so that guessing tokens costs time and does not load the store.
 */
public final class AuthFailures {
    /** Bounds the memory a flood from many addresses can take; the oldest windows go first. */
    private static final int MAX_CLIENTS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {}

    public AuthFailures(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Refuses {@code client} while it has failed too often. */
    public void check(String client) {
        Window current = windows.get(client);
        if (current == null) {
            return;
        }
        Instant now = clock.instant();
        Instant end = current.start().plus(window);
        if (!now.isBefore(end)) {
            windows.remove(client, current);
            return;
        }
        if (current.failures() >= maxFailures) {
            long seconds = Math.max(1, Duration.between(now, end).toSeconds());
            throw new TrebuchetException(
                    ErrorCode.RATE_LIMITED,
                    "too many failed sign-ins from this client; try again in %d s".formatted(seconds),
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    public void failed(String client) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_CLIENTS) {
            windows.entrySet()
                    .removeIf(entry -> !entry.getValue().start().plus(window).isAfter(now));
        }
        windows.compute(
                client,
                (key, current) ->
                        current == null || !current.start().plus(window).isAfter(now)
                                ? new Window(now, 1)
                                : new Window(current.start(), current.failures() + 1));
    }
}
