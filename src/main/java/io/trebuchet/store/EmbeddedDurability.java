package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded store's commands durable before they are acknowledged.
 *
 * <p>H2's MVStore, with {@code WRITE_DELAY=0}, writes the changes to its file when a transaction commits, except when
 * another thread stores at the same moment: then the commit skips its own store and trusts the other one, which may
 * have begun before this transaction's changes existed. A killed process lost such acknowledged changes. So commands
 * commit one at a time ({@link #enterCommit}, {@link #leaveCommit}), and after each commit the store is written until
 * a write that began after it has completed; the file is then put on disk by a group {@code fsync} ({@link GroupSync})
 * shared by the commands that wait at the same moment. See docs/adr/0009-durable-embedded-store.md.
 *
 * <p>This reaches into H2's engine ({@code JdbcConnection.getSession()} and the {@code MVStore}), pinned to the H2
 * version in the build.
 */
final class EmbeddedDurability implements AutoCloseable {
    private static final int MAX_WRITE_ATTEMPTS = 10_000;

    private final ReentrantLock commits = new ReentrantLock();
    /** Held open for the store's life: it keeps the engine reachable from here. */
    private final Connection connection;

    private final MVStore store;
    private final GroupSync sync;

    EmbeddedDurability(Supplier<Connection> connect) {
        this.connection = requireNonNull(connect, "connect is null").get();
        try {
            JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
            this.store =
                    ((SessionLocal) h2.getSession()).getDatabase().getStore().getMvStore();
        } catch (SQLException | ClassCastException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "the embedded store is not an H2 file database: " + e.getMessage(), e);
        }
        this.sync = new GroupSync(this::fsync);
    }

    /** Called last inside a command's transaction: from here until {@link #leaveCommit} no other command commits. */
    void enterCommit() {
        commits.lock();
    }

    /**
     * Called after the command's transaction ended, committed or not: writes what it committed to the file, then lets
     * the next command commit.
     */
    void leaveCommit() {
        if (!commits.isHeldByCurrentThread()) {
            return;
        }
        try {
            write();
        } finally {
            commits.unlock();
        }
    }

    /** Returns once everything committed before the call is on disk. */
    void awaitDisk() {
        sync.await();
    }

    /**
     * Writes the store until a write that began after this thread's commit has completed: {@code commit()} returns -1
     * when it skipped because another write began meanwhile (which may predate the commit), so it is tried again.
     */
    private void write() {
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            if (store.commit() != -1 || !store.hasUnsavedChanges()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new TrebuchetException(
                ErrorCode.STORE_UNAVAILABLE,
                "the change was committed but the embedded store did not write it; try again");
    }

    private void fsync() {
        try {
            store.sync();
        } catch (RuntimeException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "the change was written but the store could not put it on disk: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        sync.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LoggerFactory.getLogger(EmbeddedDurability.class)
                    .debug("Closing the embedded store's durability connection failed: {}", e.getMessage());
        }
    }
}
