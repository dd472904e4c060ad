package io.trebuchet.cli;

import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.StoreSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the commands that open the store themselves ({@code serve}, {@code import-kuberpult}) find it. */
final class StoreOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TREBUCHET_DATA_DIR:-data}",
            description =
                    "Directory of the embedded store and of serve's local manifest repository (env TREBUCHET_DATA_DIR,"
                            + " default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(
            names = "--postgres-runtime-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TREBUCHET_POSTGRES_RUNTIME_DIR}",
            description =
                    "Where the embedded store's PostgreSQL programs are unpacked (env TREBUCHET_POSTGRES_RUNTIME_DIR,"
                            + " default postgres-runtime in the data directory).")
    Path runtimeDirectory;

    @Option(
            names = "--database-url",
            paramLabel = "JDBC_URL",
            defaultValue = "${env:TREBUCHET_DATABASE_URL}",
            description = "PostgreSQL JDBC URL (env TREBUCHET_DATABASE_URL); the embedded store when absent.")
    String databaseUrl;

    @Option(
            names = "--database-user",
            paramLabel = "USER",
            defaultValue = "${env:TREBUCHET_DATABASE_USER}",
            description = "PostgreSQL user (env TREBUCHET_DATABASE_USER).")
    String databaseUser;

    @Option(
            names = "--database-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:TREBUCHET_DATABASE_PASSWORD}",
            description = "PostgreSQL password (env TREBUCHET_DATABASE_PASSWORD; prefer the variable to the flag).")
    String databasePassword;

    Path dataDirectory() {
        return dataDirectory;
    }

    /** PostgreSQL when a URL is given, else the embedded store in the data directory. */
    StoreSettings store() {
        return databaseUrl == null || databaseUrl.isBlank()
                ? (runtimeDirectory == null
                        ? StoreSettings.embedded(dataDirectory)
                        : new StoreSettings.Embedded(dataDirectory, runtimeDirectory))
                : DatabaseSettings.postgres(
                        databaseUrl, Optional.ofNullable(databaseUser), Optional.ofNullable(databasePassword));
    }
}
