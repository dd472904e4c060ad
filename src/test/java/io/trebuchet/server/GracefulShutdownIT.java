package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingServerProcess;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes sends it: the server stops accepting connections, answers the request in flight, lets the
 * export finish its step, says so, and exits.
 */
class GracefulShutdownIT {
    @Test
    void aRequestInFlightIsAnsweredAfterSigterm() throws IOException {
        Path data = TestingGit.temporaryDirectory("trebuchet-shutdown");
        TestingServerProcess server = TestingServerProcess.start(
                data, TestingDatabases.newEmbedded(data), List.of("--export-max-delay-ms", "20"));
        String body = "{\"upstream\":{\"latest\":true}}";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(server))) {
            OutputStream out = socket.getOutputStream();
            // Headers and the first byte of the body: the request is in flight until the rest comes.
            out.write(("PUT /api/v1/environments/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.charAt(0))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            TestingWait.until(
                    "the request to be in flight",
                    Duration.ofSeconds(30),
                    () -> server.http()
                                    .get("/api/v1/health")
                                    .json()
                                    .path("load")
                                    .path("api")
                                    .path("inFlight")
                                    .asInt()
                            == 1);

            server.terminate();
            TestingWait.until(
                    "the server to wait for the request in flight",
                    Duration.ofSeconds(30),
                    () -> server.log().contains("waiting up to 20 s for 1 in flight"));
            assertThat(server.isAlive()).isTrue();

            out.write(body.substring(1).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 201");
        } finally {
            server.terminate();
        }
        assertThat(server.awaitExitCode()).isIn(0, 143);
        assertThat(server.log())
                .contains("The HTTP server stopped; every request in flight was answered")
                .contains("Git export stopped after its current step")
                .contains("Trebuchet stopped");
    }

    private static int port(TestingServerProcess server) {
        return java.net.URI.create(server.http().baseUrl()).getPort();
    }
}
