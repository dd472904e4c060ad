package io.trebuchet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Closed-loop load: {@code clients} threads, each sending its next request as soon as its previous one is answered,
 * until {@code count} requests are done; every request's latency is kept, and the wall time from the first request
 * sent until the last one answered.
 */
final class Load {
    private final long[] latencyNanos;
    private final long wallNanos;

    private Load(long[] latencyNanos, long wallNanos) {
        this.latencyNanos = latencyNanos;
        this.wallNanos = wallNanos;
    }

    static Load run(int clients, int count, IntConsumer request) {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                running.add(threads.submit(() -> {
                    for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        request.accept(index);
                        latencies[index] = System.nanoTime() - sent;
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            next.set(count);
            throw new IllegalStateException("a request failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            threads.shutdownNow();
        }
        return new Load(latencies, System.nanoTime() - start);
    }

    /** Sequential: one request at a time. */
    static Load sequential(int count, IntConsumer request) {
        return run(1, count, request);
    }

    int count() {
        return latencyNanos.length;
    }

    double seconds() {
        return wallNanos / 1e9;
    }

    double perSecond() {
        return latencyNanos.length / (wallNanos / 1e9);
    }

    Latencies latencies() {
        return Latencies.ofNanos(latencyNanos);
    }
}
