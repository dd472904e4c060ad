package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store: a connection pool, the schema migrated by Flyway on open, and one transaction per command. Transient
 * conflicts between concurrent commands (deadlocks, serialization failures, a key inserted concurrently) are retried a
 * few times with the whole command; a command must therefore do nothing outside the database inside its work.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofMillis(4), Duration.ofMillis(100));
    /** How long a command waits for a free connection before it is refused as overload (503). */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** What HikariCP's proxy says of a connection it dropped after a fatal error (see {@link #connectionLost}). */
    private static final String CLOSED_BY_POOL = "Connection is closed";

    private final StoreSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Optional<LocalPostgres> embedded;

    private Database(StoreSettings settings, HikariDataSource dataSource, Optional<LocalPostgres> embedded) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.jdbi = Jdbi.create(dataSource);
        // Queries with optional filters bind every parameter and use only some.
        this.jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        this.jdbi.registerArgument(new TextArgumentFactory());
    }

    /**
     * Opens the store: starts the embedded store's server first, then connects and migrates the schema (taking over the
     * H2 store of an older Trebuchet in the data directory on the way, see {@link H2Import}).
     */
    public static Database open(StoreSettings settings) {
        requireNonNull(settings, "settings is null");
        return switch (settings) {
            case DatabaseSettings database -> open(settings, database, Optional.empty(), Optional.empty());
            case StoreSettings.Embedded embedded -> {
                LocalPostgres server = LocalPostgres.start(embedded);
                try {
                    yield open(
                            settings, server.database(), Optional.of(server), H2Import.find(embedded.dataDirectory()));
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
        };
    }

    private static Database open(
            StoreSettings store,
            DatabaseSettings settings,
            Optional<LocalPostgres> embedded,
            Optional<H2Import> legacy) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setPoolName("trebuchet");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setAutoCommit(true);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "cannot connect to the database at %s: %s".formatted(settings.redactedUrl(), rootMessage(e)),
                    e);
        }
        try {
            Optional<H2Import> toCopy = legacy.filter(h2 -> !h2.alreadyCopied(dataSource));
            toCopy.ifPresent(h2 -> {
                migrate(dataSource, Optional.of(h2.schemaVersion()));
                h2.copyInto(dataSource);
            });
            migrate(dataSource, Optional.empty());
            legacy.ifPresent(H2Import::retire);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        warnIfNotDurable(dataSource);
        log.info("Store ready: {} at {}", store.backend(), store.describe());
        return new Database(store, dataSource, embedded);
    }

    /** Migrates the schema to the newest version, or to {@code target}. */
    private static void migrate(DataSource dataSource, Optional<String> target) {
        try {
            var flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true);
            target.ifPresent(flyway::target);
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot migrate the database schema: " + rootMessage(e), e);
        }
    }

    /**
     * An acknowledged change must survive a crash of the database server too; PostgreSQL guarantees that unless it
     * was told not to, which is worth saying at start-up.
     */
    private static void warnIfNotDurable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet result = statement.executeQuery("show " + setting)) {
                    if (result.next() && result.getString(1).equalsIgnoreCase("off")) {
                        log.warn(
                                "PostgreSQL runs with {} = off: changes Trebuchet acknowledged can be lost if the"
                                        + " database server crashes",
                                setting);
                    }
                }
            }
        } catch (SQLException e) {
            log.debug("Cannot read PostgreSQL's durability settings: {}", e.getMessage());
        }
    }

    /**
     * Records the connection pool's figures in {@code registry} ({@code hikaricp_connections_active}, {@code _idle},
     * {@code _pending}, {@code _timeout_total}, acquisition and usage times). Once per store.
     */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricRegistry(requireNonNull(registry, "registry is null"));
    }

    /**
     * Whether the pool holds any connection now. None means the store has not been reachable since the pool lost
     * them (it keeps its connections open otherwise), and a read would wait the connection timeout to fail: readers
     * that would rather show old figures than wait (the metrics) skip it.
     */
    public boolean hasConnections() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        return pool == null || pool.getTotalConnections() > 0;
    }

    public StoreSettings.Backend backend() {
        return settings.backend();
    }

    /**
     * Runs a command: {@code work} in one read-committed transaction, retrying it on transient conflicts. Returns once
     * the commit is durable, so that the caller may acknowledge it: PostgreSQL's commit is, with its default {@code
     * fsync} and {@code synchronous_commit} (the embedded store keeps them; an operator's server that turns them off
     * is named in a warning at start).
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        return inTransaction(TransactionIsolationLevel.READ_COMMITTED, work);
    }

    /**
     * Runs {@code work} in one repeatable-read transaction: every read sees the same snapshot, for readers that need a
     * consistent picture across several tables.
     */
    public <T> T inSnapshot(TransactionWork<T> work) {
        return inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work);
    }

    /**
     * Runs {@code work} in a transaction that is always rolled back: a dry run makes every check of the real change
     * (including the database's own constraints) and changes nothing.
     */
    public <T> T inRolledBackTransaction(TransactionWork<T> work) {
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                T result = work.run(new Transaction(handle));
                handle.rollback();
                return result;
            });
        } catch (TrebuchetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private <T> T inTransaction(TransactionIsolationLevel isolation, TransactionWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(isolation, handle -> {
                    Transaction transaction = new Transaction(handle);
                    T result = work.run(transaction);
                    transaction.runBeforeCommitHooks();
                    return result;
                });
            } catch (TrebuchetException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt < MAX_ATTEMPTS && StoreErrors.isTransient(e)) {
                    log.debug(
                            "Retrying transaction after a transient conflict (attempt {}): {}",
                            attempt,
                            rootMessage(e));
                    backOff(attempt);
                    continue;
                }
                if (StoreErrors.isTransient(e)) {
                    throw new TrebuchetException(
                            ErrorCode.CONCURRENT_CHANGE,
                            "the change conflicted with concurrent changes %d times; try again".formatted(attempt),
                            e);
                }
                throw unavailable(e);
            }
        }
    }

    /**
     * Leadership of {@code role} for {@code replica} among the replicas sharing this store, if no other replica has
     * it; see {@link Leadership}.
     */
    public Optional<Leadership> tryLead(String role, String replica) {
        requireNonNull(role, "role is null");
        requireNonNull(replica, "replica is null");
        try {
            return Leadership.tryTake(dataSource, role, replica);
        } catch (SQLException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot take the lead of %s: %s".formatted(role, e.getMessage()), e);
        }
    }

    /** The replica that leads {@code role} now, if one does (its session holds the lock). */
    public Optional<String> leaderOf(String role) {
        requireNonNull(role, "role is null");
        try {
            return Leadership.holder(dataSource, role);
        } catch (SQLException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot find the leader of %s: %s".formatted(role, e.getMessage()), e);
        }
    }

    /** Runs a read without a transaction of its own beyond the statement. */
    public <T> T read(Function<Handle, T> query) {
        try {
            return jdbi.withHandle(query::apply);
        } catch (TrebuchetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /**
     * A store that cannot be reached, or whose connections are all taken for longer than {@link #CONNECTION_TIMEOUT},
     * is a 503 the client may retry, not an internal error.
     */
    private static RuntimeException unavailable(RuntimeException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return new TrebuchetException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "no connection to the store became free within %d s: the server is overloaded or the store does not answer; try again"
                                .formatted(CONNECTION_TIMEOUT.toSeconds()),
                        error);
            }
            if (cause instanceof SQLNonTransientConnectionException
                    || (cause instanceof SQLException sql && connectionLost(sql))) {
                return new TrebuchetException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "lost the connection to the store (it stopped or restarted); try again",
                        error);
            }
        }
        return error;
    }

    /**
     * Whether a statement failed because its connection is gone: a connection exception (class 08), or PostgreSQL
     * ending the session as it shuts down or restarts (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
     * connect now). The pool drops such a connection, and a later use of it in the same command (Jdbi restoring the
     * isolation level, rolling back) fails with the pool's "Connection is closed", which carries no SQLState and hides
     * the first failure. The pool opens new connections once the server is back.
     */
    private static boolean connectionLost(SQLException error) {
        String state = error.getSQLState();
        if (state == null) {
            return CLOSED_BY_POOL.equals(error.getMessage());
        }
        return state.startsWith("08") || state.startsWith("57P");
    }

    private static void backOff(int attempt) {
        try {
            // A little jitter, so that the transactions that conflicted do not meet again.
            Thread.sleep(RETRY_BACKOFF.after(attempt).toMillis() + (long) (Math.random() * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(ErrorCode.STORE_UNAVAILABLE, "interrupted while retrying a transaction", e);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && depth < 32; depth++) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public void close() {
        dataSource.close();
        embedded.ifPresent(LocalPostgres::close);
    }
}
