package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the store lives: the embedded store (a PostgreSQL server of the process's own, its cluster in the data
 * directory; see {@link LocalPostgres}) or a PostgreSQL database reached by URL ({@link DatabaseSettings}).
 */
public sealed interface StoreSettings permits StoreSettings.Embedded, DatabaseSettings {
    /** The embedded store under {@code dataDirectory}, its server's programs unpacked beside it. */
    static Embedded embedded(Path dataDirectory) {
        return new Embedded(dataDirectory, dataDirectory.resolve(Embedded.RUNTIME));
    }

    Backend backend();

    /** Where the store is, without secrets, for logs. */
    String describe();

    /**
     * The embedded store: its PostgreSQL cluster in {@code dataDirectory/postgres}, the server's programs unpacked into
     * {@code runtimeDirectory} (once per version; tests share one).
     */
    record Embedded(Path dataDirectory, Path runtimeDirectory) implements StoreSettings {
        static final String RUNTIME = "postgres-runtime";

        public Embedded {
            requireNonNull(dataDirectory, "dataDirectory is null");
            requireNonNull(runtimeDirectory, "runtimeDirectory is null");
            dataDirectory = dataDirectory.toAbsolutePath();
            runtimeDirectory = runtimeDirectory.toAbsolutePath();
        }

        @Override
        public Backend backend() {
            return Backend.EMBEDDED;
        }

        @Override
        public String describe() {
            return LocalPostgres.clusterDirectory(dataDirectory).toString();
        }
    }

    enum Backend {
        /** PostgreSQL run by Trebuchet itself, in its data directory. */
        EMBEDDED,
        /** A PostgreSQL server of the operator's. */
        POSTGRESQL
    }
}
