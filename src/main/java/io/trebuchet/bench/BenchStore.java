package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.DatabaseSettings.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A store a scenario's servers run on: a data directory (the H2 file, the manifest repositories) and the database
 * (H2 in that directory, or a database of the run's PostgreSQL cluster).
 */
record BenchStore(String name, Path dataDirectory, DatabaseSettings database) {
    BenchStore {
        requireNonNull(name, "name is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(database, "database is null");
    }

    Backend backend() {
        return database.backend();
    }

    /**
     * A connection of the bench's own, for baselines and for seeding history. The embedded store allows one process at
     * a time: only while no server runs on it.
     */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(
                database.url(),
                database.user().orElse(null),
                database.password().orElse(null));
    }

    /** As {@link #connect()}, with PostgreSQL's driver sending batches as multi-row inserts. */
    Connection connectForBulk() throws SQLException {
        String url = backend() == Backend.POSTGRESQL ? database.url() + "?reWriteBatchedInserts=true" : database.url();
        return DriverManager.getConnection(
                url, database.user().orElse(null), database.password().orElse(null));
    }

    /** The manifest repository the server exports to by default. */
    Path manifestRepository() {
        return dataDirectory.resolve("manifests.git");
    }
}
