package io.trebuchet.testing;

import io.trebuchet.api.AdmissionSettings;
import io.trebuchet.api.ApiSettings;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.server.ServerConfig;
import io.trebuchet.server.TrebuchetServer;
import io.trebuchet.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real Trebuchet server on 127.0.0.1 and a free port, on a fresh store of the given backend. It can be restarted
 * on the same store, and stops when closed.
 */
public final class TestingServer implements AutoCloseable {
    private final Path dataDirectory;
    private final StoreSettings database;
    private final TestingClock clock;
    private final long maxRequestBytes;
    private final AdmissionSettings admission;
    private final List<String> allowedHosts;
    private final Function<Path, ExportSettings> export;
    private final boolean ownsDataDirectory;
    private final AuthSettings auth;
    private final UnaryOperator<ServerConfig> configure;
    private TrebuchetServer server;
    private TestingHttp http;
    private boolean running;

    private TestingServer(
            Path dataDirectory,
            StoreSettings database,
            TestingClock clock,
            long maxRequestBytes,
            AdmissionSettings admission,
            List<String> allowedHosts,
            Function<Path, ExportSettings> export,
            boolean ownsDataDirectory) {
        this(
                dataDirectory,
                database,
                clock,
                maxRequestBytes,
                admission,
                allowedHosts,
                export,
                ownsDataDirectory,
                AuthSettings.NONE,
                UnaryOperator.identity());
    }

    private TestingServer(
            Path dataDirectory,
            StoreSettings database,
            TestingClock clock,
            long maxRequestBytes,
            AdmissionSettings admission,
            List<String> allowedHosts,
            Function<Path, ExportSettings> export,
            boolean ownsDataDirectory,
            AuthSettings auth,
            UnaryOperator<ServerConfig> configure) {
        this.auth = auth;
        this.configure = configure;
        this.ownsDataDirectory = ownsDataDirectory;
        this.admission = admission;
        this.allowedHosts = List.copyOf(allowedHosts);
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
        this.export = export;
        start();
    }

    public static TestingServer start(Backend backend, TestingDatabases databases) {
        return start(backend, databases, ApiSettings.DEFAULT_MAX_REQUEST_BYTES);
    }

    public static TestingServer start(Backend backend, TestingDatabases databases, long maxRequestBytes) {
        return start(
                backend, databases, maxRequestBytes, AdmissionSettings.DEFAULTS, List.of(), TestingServer::fastExport);
    }

    /** A server that takes on as much work at once as {@code admission} says. */
    public static TestingServer start(Backend backend, TestingDatabases databases, AdmissionSettings admission) {
        return start(
                backend,
                databases,
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                admission,
                List.of(),
                TestingServer::fastExport);
    }

    /** A server that also answers to the given host names ({@code serve --allowed-host}). */
    public static TestingServer startAllowingHosts(Backend backend, TestingDatabases databases, List<String> hosts) {
        return start(
                backend,
                databases,
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionSettings.DEFAULTS,
                hosts,
                TestingServer::fastExport);
    }

    /** A server with settings of its own beyond the defaults, such as the hosts it fetches charts from. */
    public static TestingServer startConfigured(
            Backend backend,
            TestingDatabases databases,
            Function<Path, ExportSettings> export,
            UnaryOperator<ServerConfig> configure) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestingServer(
                dataDirectory,
                databases.newDatabase(backend, dataDirectory),
                new TestingClock(),
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionSettings.DEFAULTS,
                List.of(),
                export,
                true,
                AuthSettings.NONE,
                configure);
    }

    /**
     * A server whose git export writes where {@code export} says, given the data directory; by default a bare
     * repository in the data directory, committing without waiting to batch.
     */
    public static TestingServer start(
            Backend backend, TestingDatabases databases, Function<Path, ExportSettings> export) {
        return start(
                backend,
                databases,
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionSettings.DEFAULTS,
                List.of(),
                export);
    }

    private static TestingServer start(
            Backend backend,
            TestingDatabases databases,
            long maxRequestBytes,
            AdmissionSettings admission,
            List<String> allowedHosts,
            Function<Path, ExportSettings> export) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StoreSettings database = databases.newDatabase(backend, dataDirectory);
        return new TestingServer(
                dataDirectory, database, new TestingClock(), maxRequestBytes, admission, allowedHosts, export, true);
    }

    /**
     * A server with authentication as {@code settings} say; every other test runs without (the default on loopback).
     * The clock starts at the real time, so that tokens an identity provider issues now are valid.
     */
    public static TestingServer startWithAuth(Backend backend, TestingDatabases databases, AuthSettings settings) {
        return startWithAuth(backend, databases, settings, TestingServer::fastExport);
    }

    /** A server with authentication, exporting as {@code export} says. */
    public static TestingServer startWithAuth(
            Backend backend, TestingDatabases databases, AuthSettings settings, Function<Path, ExportSettings> export) {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestingServer server = new TestingServer(
                dataDirectory,
                databases.newDatabase(backend, dataDirectory),
                new TestingClock(java.time.Instant.now()),
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionSettings.DEFAULTS,
                List.of(),
                export,
                true,
                settings,
                UnaryOperator.identity());
        return server;
    }

    /** A server on an existing store and data directory, e.g. one a command line tool has written to. */
    public static TestingServer startOn(Path dataDirectory, StoreSettings database) {
        return startOn(dataDirectory, database, TestingServer::fastExport);
    }

    /** A server on an existing store, e.g. a second replica on a PostgreSQL store, exporting as {@code export} says. */
    public static TestingServer startOn(
            Path dataDirectory, StoreSettings database, Function<Path, ExportSettings> export) {
        return new TestingServer(
                dataDirectory,
                database,
                new TestingClock(),
                ApiSettings.DEFAULT_MAX_REQUEST_BYTES,
                AdmissionSettings.DEFAULTS,
                List.of(),
                export,
                false);
    }

    /** The default export, without the batching delay. */
    public static ExportSettings fastExport(Path dataDirectory) {
        return ExportSettings.defaults(dataDirectory).withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO);
    }

    private void start() {
        server = TrebuchetServer.start(
                configure.apply(new ServerConfig(
                        new ApiSettings("127.0.0.1", 0, maxRequestBytes, allowedHosts, admission),
                        dataDirectory,
                        database,
                        export.apply(dataDirectory),
                        // Scheduled trains follow the test's clock; a short tick lets them fire soon after it moves.
                        Duration.ofMillis(50),
                        auth)),
                clock);
        http = new TestingHttp("http://127.0.0.1:" + server.port());
        running = true;
    }

    /** Stops the server and starts a new one on the same store, as after a crash or an upgrade. */
    public void restart() {
        stop();
        start();
    }

    public TestingHttp http() {
        return http;
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public StoreSettings database() {
        return database;
    }

    /** Stops the server, keeping its store and data directory for {@link #startAgain()}. */
    public void stop() {
        running = false;
        server.close();
    }

    /** Starts the server again after {@link #stop()}. */
    public void startAgain() {
        start();
    }

    public TestingClock clock() {
        return clock;
    }

    public TrebuchetServer server() {
        return server;
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
        if (ownsDataDirectory) {
            TestingFiles.deleteRecursively(dataDirectory);
        }
    }
}
