package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The requests one registry host may receive from this process: at most {@code concurrency} at once and, on
 * average, {@code perSecond} a second with bursts of up to {@code burst} (a token bucket). Every request of image
 * automation to the host, retries and token requests included, takes a permit first.
 */
public final class RequestBudget {
    private final Settings settings;
    private final Clock clock;
    private final Pause pause;
    private final Semaphore running;
    private double tokens;
    private long refilledAtNanos;
    private long requests;

    /**
     * A budget's settings. The defaults (one request a second, bursts of five, two at once) keep a few hundred
     * sources polled every few minutes under Docker Hub's anonymous limits; tag lists and HEAD requests of manifests
     * are not pulls there.
     */
    public record Settings(double perSecond, int burst, int concurrency) {
        public static final Settings DEFAULT = new Settings(1.0, 5, 2);

        public Settings {
            if (!(perSecond > 0) || perSecond > 10_000) {
                throw new IllegalArgumentException("perSecond must be above 0 and at most 10000");
            }
            if (burst < 1 || concurrency < 1) {
                throw new IllegalArgumentException("burst and concurrency must be at least 1");
            }
        }
    }

    /** Waits; tests and the server both use the real one, the budget needs it only to be swappable. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;

        Pause REAL = duration -> Thread.sleep(duration);
    }

    public RequestBudget(Settings settings, Clock clock, Pause pause) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pause = requireNonNull(pause, "pause is null");
        this.running = new Semaphore(settings.concurrency(), true);
        this.tokens = settings.burst();
        this.refilledAtNanos = nanos();
    }

    public Settings settings() {
        return settings;
    }

    /** Runs one request inside the budget: waits for a slot and a token, then calls it. */
    public <T> T call(Request<T> request) throws InterruptedException {
        running.acquire();
        try {
            takeToken();
            return request.send();
        } finally {
            running.release();
        }
    }

    /** How many requests the budget let through. */
    public synchronized long requests() {
        return requests;
    }

    @FunctionalInterface
    public interface Request<T> {
        T send() throws InterruptedException;
    }

    private void takeToken() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    requests++;
                    return;
                }
                wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / settings.perSecond() * 1e9));
            }
            pause.sleep(wait);
        }
    }

    private void refill() {
        long now = nanos();
        tokens = Math.min(settings.burst(), tokens + (now - refilledAtNanos) / 1e9 * settings.perSecond());
        refilledAtNanos = now;
    }

    private long nanos() {
        java.time.Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
