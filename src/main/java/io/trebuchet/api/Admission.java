package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work the server takes on at once. A burst it cannot keep up with is answered quickly with {@code 503
 * OVERLOADED} and {@code Retry-After}, instead of queueing hundreds of requests behind the store's connections and
 * failing them all seconds later.
 *
 * <p>Requests go through one of two lanes, each with its own permits and a short bounded queue: the API (what CI and
 * the CLI send, and every change), and the web UI's pages, so that people can still look while CI floods the API.
 * The health checks (also the probes under {@code /api/v1/health/}), {@code /metrics} (whose reads of the store are
 * cached, so that an overloaded server can still be watched) and the UI's static assets take no permit.
 */
public final class Admission {
    private static final String LANE = Admission.class.getName() + ".lane";

    private final Lane api;
    private final Lane pages;

    public Admission(AdmissionSettings settings) {
        requireNonNull(settings, "settings is null");
        this.api = new Lane("API", settings.apiConcurrency(), settings.maxQueued(), settings.maxWait());
        this.pages = new Lane("page", settings.pageConcurrency(), settings.maxQueued(), settings.maxWait());
    }

    /** How loaded each lane is now, and how many requests it refused so far; for the health check. */
    public Map<String, Object> load() {
        return Map.of("api", api.load(), "pages", pages.load());
    }

    /** Takes a permit for {@code context}'s request, or refuses it with {@code OVERLOADED}. */
    void enter(Context context) {
        Optional<Lane> lane = laneOf(context);
        if (lane.isEmpty()) {
            return;
        }
        if (!lane.get().enter()) {
            throw lane.get().overloaded();
        }
        context.attribute(LANE, lane.get());
    }

    /** Gives back the permit {@link #enter} took, if it took one; runs after every request, failed ones too. */
    void leave(Context context) {
        Lane lane = context.attribute(LANE);
        if (lane != null) {
            context.attribute(LANE, null);
            lane.leave();
        }
    }

    private Optional<Lane> laneOf(Context context) {
        String path = context.path();
        if (path.equals("/api/v1/health")
                || path.startsWith("/api/v1/health/")
                || path.equals("/metrics")
                || path.startsWith("/assets/")) {
            return Optional.empty();
        }
        String method = context.method().name();
        boolean read = method.equals("GET") || method.equals("HEAD");
        return Optional.of(read && !path.startsWith("/api/") ? pages : api);
    }

    private static final class Lane {
        private final String name;
        private final Semaphore permits;
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicLong refused = new AtomicLong();
        private final int concurrency;
        private final int maxQueued;
        private final Duration maxWait;

        Lane(String name, int concurrency, int maxQueued, Duration maxWait) {
            this.name = name;
            this.permits = new Semaphore(concurrency, true);
            this.concurrency = concurrency;
            this.maxQueued = maxQueued;
            this.maxWait = maxWait;
        }

        boolean enter() {
            if (permits.tryAcquire()) {
                return true;
            }
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                return false;
            }
            try {
                return permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                queued.decrementAndGet();
            }
        }

        void leave() {
            permits.release();
        }

        Map<String, Object> load() {
            return Map.of(
                    "inFlight", concurrency - permits.availablePermits(),
                    "queued", Math.max(0, queued.get()),
                    "refused", refused.get());
        }

        TrebuchetException overloaded() {
            refused.incrementAndGet();
            long retryAfter = Math.max(1, (maxWait.toMillis() + 999) / 1000);
            return new TrebuchetException(
                    ErrorCode.OVERLOADED,
                    "the server is busy: %d %s requests are being served and %d more wait; try again in %d s"
                            .formatted(concurrency, name, maxQueued, retryAfter),
                    Map.of("retryAfterSeconds", retryAfter));
        }
    }
}
