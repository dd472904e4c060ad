package io.trebuchet.testing;

import io.trebuchet.api.ApiSettings;
import io.trebuchet.server.ServerConfig;
import io.trebuchet.server.TrebuchetServer;
import io.trebuchet.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Trebuchet server on 127.0.0.1 and a free port, on a fresh store of the given backend. It can be restarted
 * on the same store, and stops when closed.
 */
public final class TestingServer implements AutoCloseable {
    private final Path dataDirectory;
    private final DatabaseSettings database;
    private final TestingClock clock;
    private final long maxRequestBytes;
    private TrebuchetServer server;
    private TestingHttp http;

    private TestingServer(Path dataDirectory, DatabaseSettings database, TestingClock clock, long maxRequestBytes) {
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
        start();
    }

    public static TestingServer start(Backend backend, TestingDatabases databases) {
        return start(backend, databases, ApiSettings.DEFAULT_MAX_REQUEST_BYTES);
    }

    public static TestingServer start(Backend backend, TestingDatabases databases, long maxRequestBytes) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DatabaseSettings database = databases.newDatabase(backend, dataDirectory);
        return new TestingServer(dataDirectory, database, new TestingClock(), maxRequestBytes);
    }

    private void start() {
        server = TrebuchetServer.start(
                new ServerConfig(
                        new ApiSettings("127.0.0.1", 0, maxRequestBytes),
                        dataDirectory,
                        database,
                        // Scheduled trains follow the test's clock; a short tick lets them fire soon after it moves.
                        Duration.ofMillis(50)),
                clock);
        http = new TestingHttp("http://127.0.0.1:" + server.port());
    }

    /** Stops the server and starts a new one on the same store, as after a crash or an upgrade. */
    public void restart() {
        server.close();
        start();
    }

    public TestingHttp http() {
        return http;
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public TestingClock clock() {
        return clock;
    }

    public TrebuchetServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        TestingFiles.deleteRecursively(dataDirectory);
    }
}
