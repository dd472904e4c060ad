package io.trebuchet.testing;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Trebuchet server in a JVM of its own ({@code trebuchet serve} on the test's class path), so that a test can kill
 * it the way a crash would ({@code kill -9}) and start another on the same store. Its output goes to a log file in the
 * data directory; a test that starts one closes it.
 */
public final class TestingServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final TestingHttp http;
    private final Path log;

    private TestingServerProcess(Process process, TestingHttp http, Path log) {
        this.process = process;
        this.http = http;
        this.log = log;
    }

    /**
     * Starts {@code trebuchet serve} on {@code dataDirectory} and {@code database} with {@code arguments} added, and
     * waits until it answers its health check.
     */
    public static TestingServerProcess start(Path dataDirectory, StoreSettings database, List<String> arguments) {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(database, "database is null");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.trebuchet.cli.Main", "serve"));
        command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of("--data-dir", dataDirectory.toString()));
        switch (database) {
            case DatabaseSettings postgres -> {
                command.addAll(List.of("--database-url", postgres.url()));
                postgres.user().ifPresent(user -> command.addAll(List.of("--database-user", user)));
            }
            case StoreSettings.Embedded embedded ->
                command.addAll(List.of(
                        "--postgres-runtime-dir", embedded.runtimeDirectory().toString()));
        }
        command.addAll(arguments);
        Map<String, String> environment = new HashMap<>();
        if (database instanceof DatabaseSettings postgres) {
            postgres.password().ifPresent(password -> environment.put("TREBUCHET_DATABASE_PASSWORD", password));
        }
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDirectory, e);
        }
        return startCommand(
                command, Path.of("").toAbsolutePath(), environment, port, dataDirectory.resolve("server.log"));
    }

    /**
     * Starts {@code command}, a server that listens on 127.0.0.1:{@code port}, in {@code directory}, with {@code
     * environment} in place of the test's {@code TREBUCHET_*} variables and its output (both streams) appended to
     * {@code log}; waits until it answers its health check.
     */
    public static TestingServerProcess startCommand(
            List<String> command, Path directory, Map<String, String> environment, int port, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("TREBUCHET_"));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
        TestingHttp http = new TestingHttp("http://127.0.0.1:" + port);
        TestingServerProcess server = new TestingServerProcess(process, http, log);
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!server.answers()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with %d while starting:%n%s"
                            .formatted(process.exitValue(), server.logTail()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the server did not answer within %s:%n%s".formatted(START_TIMEOUT, server.logTail()));
                }
                pause();
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    private boolean answers() {
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create(http.baseUrl() + "/api/v1/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public TestingHttp http() {
        return http;
    }

    /** Kills the server the way a crash or an OOM killer would: SIGKILL, no shutdown hook. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** The last lines the server wrote, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Everything the server wrote so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** Sends SIGTERM, as Kubernetes does to stop a pod, and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Waits until the server has exited (after {@link #terminate}) and returns its exit code. */
    public int awaitExitCode() {
        awaitExit();
        return process.exitValue();
    }

    /** The server's process id (a command that execs keeps it). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server as an operator would (SIGTERM: the shutdown hook closes it). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            // Polling interval while the JVM starts.
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
