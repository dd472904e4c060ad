package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded store's committed transactions durable before they are acknowledged, with one {@code fsync} for
 * every commit that waits at the same time (group commit).
 *
 * <p>H2 writes each commit to its file when it happens ({@code WRITE_DELAY=0}), which survives the process being
 * killed, but it never asks the operating system to put the file on disk: a power cut or a kernel crash could still
 * lose what was acknowledged. {@code CHECKPOINT SYNC} does. A committer calls {@link #await} after its commit; the
 * first one to find no sync running starts one, which covers every commit that finished before it started; the
 * others wait for it, or for the next one when theirs came too late for it.
 */
final class GroupSync implements AutoCloseable {
    private final Supplier<Connection> connect;
    private final Object monitor = new Object();
    /** Numbers the calls of {@link #await}, in the order their commits finished. */
    private long requested;
    /** Every call numbered up to this is durable. */
    private long completed;

    private boolean syncing;
    private boolean closed;
    /** Used only by the thread that runs the sync. */
    private Connection connection;

    GroupSync(Supplier<Connection> connect) {
        this.connect = requireNonNull(connect, "connect is null");
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

    /** Only the thread that set {@code syncing} calls this, so the connection has one user at a time. */
    private void sync() {
        if (connection == null) {
            connection = connect.get();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            closeConnection();
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "the change was written but the store could not put it on disk: " + e.getMessage(),
                    e);
        }
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Broken already; the next sync opens another.
            LoggerFactory.getLogger(GroupSync.class).debug("Closing the sync connection failed: {}", e.getMessage());
        }
        connection = null;
    }

    /** Waits for a sync in progress, then closes the connection; later calls of {@link #await} fail. */
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
            closeConnection();
        }
    }
}
