package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;

/**
 * One {@code fsync} for every committer that waits at the same time (group commit). H2 writes the embedded store's
 * file but never asks the operating system to put it on disk: a power cut or a kernel crash could lose what was
 * acknowledged. A committer calls {@link #await} once its changes are written; the first one to find no sync running
 * starts one, which covers every write that finished before it started; the others wait for it, or for the next one
 * when theirs came too late for it.
 */
final class GroupSync implements AutoCloseable {
    private final Runnable fsync;
    private final Object monitor = new Object();
    /** Numbers the calls of {@link #await}, in the order their commits finished. */
    private long requested;
    /** Every call numbered up to this is durable. */
    private long completed;

    private boolean syncing;
    private boolean closed;

    GroupSync(Runnable fsync) {
        this.fsync = requireNonNull(fsync, "fsync is null");
    }

    /** Returns once everything committed before the call is on disk. */
    void await() {
        long ticket;
        synchronized (monitor) {
            ticket = ++requested;
        }
        while (true) {
            long covers;
            synchronized (monitor) {
                while (syncing && completed < ticket) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TrebuchetException(
                                ErrorCode.STORE_UNAVAILABLE, "interrupted while the store put a change on disk", e);
                    }
                }
                if (completed >= ticket) {
                    return;
                }
                if (closed) {
                    throw new TrebuchetException(ErrorCode.STORE_UNAVAILABLE, "the store is closed");
                }
                syncing = true;
                covers = requested;
            }
            // Outside the monitor: later committers take tickets meanwhile and wait for the next sync.
            boolean synced = false;
            try {
                sync();
                synced = true;
            } finally {
                synchronized (monitor) {
                    syncing = false;
                    if (synced) {
                        completed = Math.max(completed, covers);
                    }
                    monitor.notifyAll();
                }
            }
        }
    }

    /** Only the thread that set {@code syncing} calls this. */
    private void sync() {
        fsync.run();
    }

    /** Waits for a sync in progress; later calls of {@link #await} fail. */
    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            while (syncing) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }
}
