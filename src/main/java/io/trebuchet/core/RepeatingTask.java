package io.trebuchet.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on a thread of its own every {@code tick} until closed: the loop around the scans of image sources and
 * chart subscriptions, which each claim their due work under a row lock, so replicas sharing a PostgreSQL store do not
 * do it twice. A failed run is logged and tried again at the next tick; closing waits for a run in progress.
 */
public final class RepeatingTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepeatingTask.class);

    private final String name;
    private final Runnable task;
    private final Duration tick;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /** {@code name} names the thread and the task in the log, e.g. {@code image-scans}. */
    public RepeatingTask(String name, Duration tick, Runnable task) {
        this.name = requireNonNull(name, "name is null");
        this.tick = requireNonNull(tick, "tick is null");
        this.task = requireNonNull(task, "task is null");
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        do {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{} failed; retrying in {}", name, tick, e);
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
