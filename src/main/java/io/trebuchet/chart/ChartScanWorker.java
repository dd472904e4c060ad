package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop around {@link ChartSubscriptionService#scanDue}: every {@code tick} it scans the chart subscriptions whose interval has
 * passed. Each due scan is claimed under a row lock, so replicas sharing a PostgreSQL store do not scan a subscription
 * twice.
 */
public final class ChartScanWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChartScanWorker.class);

    private final ChartSubscriptionService service;
    private final Duration tick;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public ChartScanWorker(ChartSubscriptionService service, Duration tick) {
        this.service = requireNonNull(service, "service is null");
        this.tick = requireNonNull(tick, "tick is null");
        this.thread = Thread.ofPlatform().daemon().name("chart-scans").unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        do {
            try {
                service.scanDue();
            } catch (RuntimeException e) {
                log.error("Chart subscription scans failed; retrying in {}", tick, e);
            }
        } while (!awaitStop());
    }

    private boolean awaitStop() {
        try {
            return stop.await(tick.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
