package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop around {@link ImageAutomationService#scanDue}: every {@code tick} it scans the sources whose interval has
 * passed. Each due scan is claimed under a row lock, so replicas sharing a PostgreSQL store do not scan a source
 * twice.
 */
public final class ImageScanWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImageScanWorker.class);

    private final ImageAutomationService service;
    private final Duration tick;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    public ImageScanWorker(ImageAutomationService service, Duration tick) {
        this.service = requireNonNull(service, "service is null");
        this.tick = requireNonNull(tick, "tick is null");
        this.thread = Thread.ofPlatform().daemon().name("image-scans").unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        do {
            try {
                service.scanDue();
            } catch (RuntimeException e) {
                log.error("Image scans failed; retrying in {}", tick, e);
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
