package io.trebuchet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code git daemon} serving the bare repositories under a directory on 127.0.0.1, pushes enabled. It can be stopped
 * and started again on the same port, as a remote that goes down and comes back.
 */
public final class TestingGitDaemon implements AutoCloseable {
    private final Path baseDirectory;
    private final int port;
    private Process process;

    private TestingGitDaemon(Path baseDirectory, int port) {
        this.baseDirectory = baseDirectory;
        this.port = port;
    }

    /** Serves {@code baseDirectory} on a free port. */
    public static TestingGitDaemon start(Path baseDirectory) {
        TestingGitDaemon daemon = new TestingGitDaemon(baseDirectory, freePort());
        daemon.startAgain();
        return daemon;
    }

    /** The git:// URL of the repository {@code name} under the base directory. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /** Starts the daemon (again) on its port and waits until it accepts connections. */
    public void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("git daemon is running");
        }
        try {
            process = new ProcessBuilder(List.of(
                            "git",
                            "daemon",
                            "--reuseaddr",
                            "--listen=127.0.0.1",
                            "--port=" + port,
                            "--base-path=" + baseDirectory,
                            "--export-all",
                            "--enable=receive-pack",
                            "--informative-errors",
                            baseDirectory.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start git daemon", e);
        }
        TestingWait.until("git daemon to listen on port " + port, Duration.ofSeconds(30), this::accepts);
    }

    /** Stops the daemon (by its process id) and waits until the port refuses connections. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // git daemon forks a child per connection; those end with their connection.
        process.descendants().forEach(ProcessHandle::destroy);
        process = null;
        TestingWait.until("git daemon to stop listening", Duration.ofSeconds(30), () -> !accepts());
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
