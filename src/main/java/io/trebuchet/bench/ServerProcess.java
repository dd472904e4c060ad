package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Trebuchet server in a child JVM ({@code trebuchet serve}), so that its memory is its own: {@link #peakRssBytes()}
 * reads the kernel's high-water mark of its resident set. Its output goes to a log file; closing it stops it the way
 * an operator would (SIGTERM, then the shutdown hook closes the server).
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final String MAIN_CLASS = "io.trebuchet.cli.Main";

    /** How the server's git export batches: as configured by default, or held back (a remote that is away). */
    enum Export {
        DEFAULT,
        HELD
    }

    private final Process process;
    private final BenchHttp http;
    private final Path log;
    private final long startNanos;
    private final Duration startup;

    private ServerProcess(Process process, BenchHttp http, Path log, long startNanos, Duration startup) {
        this.process = process;
        this.http = http;
        this.log = log;
        this.startNanos = startNanos;
        this.startup = startup;
    }

    /** Starts a server on {@code store} and waits until it answers its health check. */
    static ServerProcess start(BenchStore store, Export export, List<String> javaOptions, Path log) {
        return start(store, export, javaOptions, List.of(), log);
    }

    /** As {@link #start(BenchStore, Export, List, Path)}, with {@code arguments} added to {@code serve}'s. */
    static ServerProcess start(
            BenchStore store, Export export, List<String> javaOptions, List<String> arguments, Path log) {
        requireNonNull(store, "store is null");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS, "serve"));
        command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of("--data-dir", store.dataDirectory().toString()));
        if (store.store() instanceof DatabaseSettings database) {
            command.addAll(List.of("--database-url", database.url()));
            database.user().ifPresent(user -> command.addAll(List.of("--database-user", user)));
        } else {
            // The server takes the embedded store's data directory: the bench lets go of it first.
            store.close();
        }
        if (export == Export.HELD) {
            // Nothing reaches the repository until a server with the default settings starts on this store.
            command.addAll(List.of("--export-batch-size", "1000000000", "--export-max-delay-ms", "86400000"));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        // The bench decides every setting; the caller's TREBUCHET_* variables (a manifest repository!) must not leak
        // in.
        environment.keySet().removeIf(name -> name.startsWith("TREBUCHET_"));
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a server JVM", e);
        }
        BenchHttp http = new BenchHttp("http://127.0.0.1:" + port);
        try {
            long deadline = startNanos + START_TIMEOUT.toNanos();
            while (!http.answers("/api/v1/health")) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with %d while starting; see %s:%n%s"
                            .formatted(process.exitValue(), log, tail(log)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server did not answer within %s; see %s:%n%s"
                            .formatted(START_TIMEOUT, log, tail(log)));
                }
                Waiting.pause(Duration.ofMillis(20));
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new ServerProcess(process, http, log, startNanos, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    BenchHttp http() {
        return http;
    }

    /** From starting the JVM until the server answered. */
    Duration startup() {
        return startup;
    }

    /** When the JVM was started, on {@link System#nanoTime()}'s scale. */
    long startNanos() {
        return startNanos;
    }

    /** The peak resident set size of the server's JVM so far ({@code VmHWM}), where the kernel tells it. */
    OptionalLong peakRssBytes() {
        return peakRssBytes(process.pid());
    }

    static OptionalLong peakRssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    String kilobytes = line.substring("VmHWM:".length()).trim().split("\\s+", -1)[0];
                    return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops the server (SIGTERM: its shutdown hook closes it) and waits for the JVM to exit. */
    @Override
    public void close() {
        process.destroy();
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

    Path log() {
        return log;
    }

    /** A port nothing listens on now, on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }
}
