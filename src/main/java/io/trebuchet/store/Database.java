package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.sql.Connection;
import java.sql.DriverManager;
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

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Optional<EmbeddedDurability> durability;

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.durability = settings.backend() == DatabaseSettings.Backend.H2
                ? Optional.of(new EmbeddedDurability(() -> connect(settings)))
                : Optional.empty();
        this.jdbi = Jdbi.create(dataSource);
        // Queries with optional filters bind every parameter and use only some.
        this.jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        this.jdbi.registerArgument(new TextArgumentFactory());
    }

    public static Database open(DatabaseSettings settings) {
        requireNonNull(settings, "settings is null");
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
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        if (settings.backend() == DatabaseSettings.Backend.POSTGRESQL) {
            warnIfNotDurable(dataSource);
        }
        log.info("Store ready: {} at {}", settings.backend(), settings.redactedUrl());
        return new Database(settings, dataSource);
    }

    private static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
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

    public DatabaseSettings.Backend backend() {
        return settings.backend();
    }

    /**
     * Runs a command: {@code work} in one read-committed transaction, retrying it on transient conflicts. Returns once
     * the commit is durable, so that the caller may acknowledge it: PostgreSQL's commit is (with its default {@code
     * synchronous_commit}); the embedded store's is made so by {@link EmbeddedDurability}.
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        T result = inTransaction(TransactionIsolationLevel.READ_COMMITTED, work, true);
        durability.ifPresent(EmbeddedDurability::awaitDisk);
        return result;
    }

    /**
     * Runs {@code work} in one repeatable-read transaction: every read sees the same snapshot, for readers that need a
     * consistent picture across several tables.
     */
    public <T> T inSnapshot(TransactionWork<T> work) {
        return inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work, false);
    }

    private <T> T inTransaction(TransactionIsolationLevel isolation, TransactionWork<T> work, boolean command) {
        Optional<EmbeddedDurability> commits = command ? durability : Optional.empty();
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(isolation, handle -> {
                    Transaction transaction = new Transaction(handle);
                    T result = work.run(transaction);
                    transaction.runBeforeCommitHooks();
                    // Nothing after this may fail: Jdbi commits next, and leaveCommit lets the next command commit.
                    commits.ifPresent(EmbeddedDurability::enterCommit);
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
            } finally {
                commits.ifPresent(EmbeddedDurability::leaveCommit);
            }
        }
    }

    /**
     * Leadership of {@code role} among the replicas sharing this store, if no other replica has it; see {@link
     * Leadership}.
     */
    public Optional<Leadership> tryLead(String role) {
        requireNonNull(role, "role is null");
        if (settings.backend() == DatabaseSettings.Backend.H2) {
            return Optional.of(Leadership.alone());
        }
        try {
            return Leadership.tryTake(dataSource, role);
        } catch (SQLException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE, "cannot take the lead of %s: %s".formatted(role, e.getMessage()), e);
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
                    || (cause instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return new TrebuchetException(
                        ErrorCode.STORE_UNAVAILABLE, "lost the connection to the store; try again", error);
            }
        }
        return error;
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

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        for (int depth = 0; root.getCause() != null && depth < 32; depth++) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private static Connection connect(DatabaseSettings settings) {
        try {
            return DriverManager.getConnection(
                    settings.url(),
                    settings.user().orElse(null),
                    settings.password().orElse(null));
        } catch (SQLException e) {
            throw new TrebuchetException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "cannot connect to the database at %s: %s".formatted(settings.redactedUrl(), e.getMessage()),
                    e);
        }
    }

    @Override
    public void close() {
        durability.ifPresent(EmbeddedDurability::close);
        dataSource.close();
    }
}
