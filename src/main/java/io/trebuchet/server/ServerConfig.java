package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.ApiSettings;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Everything {@code trebuchet serve} needs to start. */
public record ServerConfig(
        ApiSettings api,
        Path dataDirectory,
        DatabaseSettings database,
        ExportSettings export,
        Duration schedulerInterval,
        AuthSettings auth) {
    public static final Duration DEFAULT_SCHEDULER_INTERVAL = Duration.ofSeconds(15);

    public ServerConfig {
        requireNonNull(api, "api is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(database, "database is null");
        requireNonNull(export, "export is null");
        requireNonNull(schedulerInterval, "schedulerInterval is null");
        requireNonNull(auth, "auth is null");
    }

    /** Without authentication. */
    public ServerConfig(
            ApiSettings api,
            Path dataDirectory,
            DatabaseSettings database,
            ExportSettings export,
            Duration schedulerInterval) {
        this(api, dataDirectory, database, export, schedulerInterval, AuthSettings.NONE);
    }

    public ServerConfig(ApiSettings api, Path dataDirectory, DatabaseSettings database, ExportSettings export) {
        this(api, dataDirectory, database, export, DEFAULT_SCHEDULER_INTERVAL);
    }

    public ServerConfig withAuth(AuthSettings settings) {
        return new ServerConfig(api, dataDirectory, database, export, schedulerInterval, settings);
    }

    /** With the default git export: a bare repository in the data directory. */
    public ServerConfig(ApiSettings api, Path dataDirectory, DatabaseSettings database) {
        this(api, dataDirectory, database, ExportSettings.defaults(dataDirectory));
    }

    /** The embedded default: H2 under {@code dataDirectory}. */
    public static ServerConfig embedded(ApiSettings api, Path dataDirectory) {
        return new ServerConfig(api, dataDirectory, DatabaseSettings.embedded(dataDirectory));
    }
}
