package io.trebuchet.cli;

import io.trebuchet.api.ApiSettings;
import io.trebuchet.server.ServerConfig;
import io.trebuchet.server.TrebuchetServer;
import io.trebuchet.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet serve}: runs the server until it is stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the Trebuchet server (API and UI).",
        footer = {
            "",
            "Examples:",
            "  trebuchet serve                                  # embedded store in ./data, http://localhost:8080",
            "  trebuchet serve --port 9090 --data-dir /var/lib/trebuchet",
            "  trebuchet serve --database-url jdbc:postgresql://db:5432/trebuchet --database-user trebuchet"
        })
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "${env:TREBUCHET_PORT:-8080}",
            description = "HTTP port (env TREBUCHET_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "${env:TREBUCHET_BIND:-127.0.0.1}",
            description = "Address to listen on (env TREBUCHET_BIND, default ${DEFAULT-VALUE}: only this machine).")
    String bind;

    @Option(
            names = "--data-dir",
            defaultValue = "${env:TREBUCHET_DATA_DIR:-data}",
            description = "Directory of the embedded store and local manifest repository (env TREBUCHET_DATA_DIR,"
                    + " default ${DEFAULT-VALUE}).")
    Path dataDirectory;

    @Option(
            names = "--database-url",
            defaultValue = "${env:TREBUCHET_DATABASE_URL}",
            description = "PostgreSQL JDBC URL (env TREBUCHET_DATABASE_URL); the embedded store when absent.")
    String databaseUrl;

    @Option(
            names = "--database-user",
            defaultValue = "${env:TREBUCHET_DATABASE_USER}",
            description = "PostgreSQL user (env TREBUCHET_DATABASE_USER).")
    String databaseUser;

    @Option(
            names = "--database-password",
            defaultValue = "${env:TREBUCHET_DATABASE_PASSWORD}",
            description = "PostgreSQL password (env TREBUCHET_DATABASE_PASSWORD; prefer the variable to the flag).")
    String databasePassword;

    @Option(
            names = "--max-request-size",
            defaultValue = "${env:TREBUCHET_MAX_REQUEST_SIZE:-33554432}",
            description =
                    "Largest request body in bytes (env TREBUCHET_MAX_REQUEST_SIZE, default ${DEFAULT-VALUE} = 32 MiB).")
    long maxRequestBytes;

    @Override
    public Integer call() throws InterruptedException {
        ApiSettings api = new ApiSettings(bind, port, maxRequestBytes);
        DatabaseSettings database = databaseUrl == null || databaseUrl.isBlank()
                ? DatabaseSettings.embedded(dataDirectory)
                : DatabaseSettings.postgres(
                        databaseUrl, Optional.ofNullable(databaseUser), Optional.ofNullable(databasePassword));
        TrebuchetServer server =
                TrebuchetServer.start(new ServerConfig(api, dataDirectory, database), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "trebuchet-shutdown"));
        stopped.await();
        return Main.EXIT_OK;
    }
}
