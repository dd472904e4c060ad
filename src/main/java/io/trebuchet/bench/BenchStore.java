package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.LocalPostgres;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.store.StoreSettings.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A store a scenario's servers run on: a data directory (the embedded store's cluster, the manifest repositories) and
 * the database (the embedded store in that directory, or a database of the run's PostgreSQL cluster).
 */
final class BenchStore implements AutoCloseable {
    private final String name;
    private final Path dataDirectory;
    private final StoreSettings store;
    /** The embedded store's server while the bench itself uses it (no server process may run on it meanwhile). */
    private Optional<LocalPostgres> embedded = Optional.empty();

    BenchStore(String name, Path dataDirectory, StoreSettings store) {
        this.name = requireNonNull(name, "name is null");
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.store = requireNonNull(store, "store is null");
    }

    String name() {
        return name;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    StoreSettings store() {
        return store;
    }

    Backend backend() {
        return store.backend();
    }

    /**
     * The database, for the bench's own connections: the embedded store's server is started for them and runs until
     * {@link #close()} (which {@link ServerProcess#start} calls before a server takes the data directory).
     */
    synchronized DatabaseSettings database() {
        return switch (store) {
            case DatabaseSettings database -> database;
            case StoreSettings.Embedded settings -> {
                if (embedded.isEmpty()) {
                    embedded = Optional.of(LocalPostgres.start(settings));
                }
                yield embedded.get().database();
            }
        };
    }

    /** A connection of the bench's own, for baselines and for seeding history. */
    Connection connect() throws SQLException {
        DatabaseSettings database = database();
        return DriverManager.getConnection(
                database.url(),
                database.user().orElse(null),
                database.password().orElse(null));
    }

    /** As {@link #connect()}, with PostgreSQL's driver sending batches as multi-row inserts. */
    Connection connectForBulk() throws SQLException {
        DatabaseSettings database = database();
        return DriverManager.getConnection(
                database.url() + (database.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                database.user().orElse(null),
                database.password().orElse(null));
    }

    /** The manifest repository the server exports to by default. */
    Path manifestRepository() {
        return dataDirectory.resolve("manifests.git");
    }

    /** Stops the embedded store's server if the bench started it. */
    @Override
    public synchronized void close() {
        embedded.ifPresent(LocalPostgres::close);
        embedded = Optional.empty();
    }
}
