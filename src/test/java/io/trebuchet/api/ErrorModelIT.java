package io.trebuchet.api;

import static io.trebuchet.testing.TestingPlatform.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The one error shape, for routes that do not exist, wrong methods and oversize bodies. */
@ExtendWith(TestingDatabases.class)
class ErrorModelIT {
    private static final long LIMIT = 64 * 1024;

    @TempDir
    Path files;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.H2, databases, LIMIT);
        http = server.http();
        new TestingPlatform(http).threeStages();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void unknownRouteIsJsonNotFound() {
        Response response = http.get("/api/v1/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void wrongMethodIsJsonMethodNotAllowed() {
        Response response = http.delete("/api/v1/overview");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.code()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void releaseOverTheLimitIsRefusedAndChangesNothing() {
        String huge = manifest("cart", "dev") + "  blob: \"" + "x".repeat((int) LIMIT) + "\"\n";

        Response response = http.postMultipart(
                "/release", Multipart.form().field("application", "cart").file("manifests[dev]", "m", huge));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(http.get("/api/v1/applications/cart").status()).isEqualTo(404);
    }

    @Test
    void chunkedUploadOverTheLimitIsRefused() throws Exception {
        Path huge = Files.writeString(files.resolve("huge.yaml"), "a: \"" + "x".repeat((int) (2 * LIMIT)) + "\"\n");
        Process curl = new ProcessBuilder(List.of(
                        "curl",
                        "-sS",
                        "-H",
                        "Transfer-Encoding: chunked",
                        "--form-string",
                        "application=cart",
                        "-F",
                        "manifests[dev]=@" + huge,
                        "-w",
                        "\n%{http_code}",
                        http.baseUrl() + "/release"))
                .redirectErrorStream(true)
                .start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).endsWith("413");
        assertThat(output).contains("PAYLOAD_TOO_LARGE");
        assertThat(http.get("/api/v1/applications/cart").status()).isEqualTo(404);
    }

    @Test
    void releaseJustBelowTheLimitIsAccepted() throws IOException {
        String large = manifest("cart", "dev") + "  blob: \"" + "x".repeat((int) (LIMIT / 2)) + "\"\n";

        Response response = http.postMultipart(
                "/release", Multipart.form().field("application", "cart").file("manifests[dev]", "m", large));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void malformedUrlIsJsonBadRequest() throws IOException {
        for (String target : List.of("/api/v1/applications/%zz", "/%", "/api/v1/applications/%00")) {
            String answer = exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer)
                    .as(target)
                    .startsWith("HTTP/1.1 400 ")
                    .containsIgnoringCase("Content-Type: application/json")
                    .contains("\"code\":\"INVALID_REQUEST\"")
                    .contains("the request is malformed")
                    .doesNotContain("<html>");
        }
    }

    @Test
    void headersTooLargeAreJson() throws IOException {
        String answer = exchange("GET /api/v1/overview HTTP/1.1\r\nHost: localhost\r\nX-Filler: "
                + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");

        assertThat(answer)
                .startsWith("HTTP/1.1 431 ")
                .contains("\"code\":\"INVALID_REQUEST\"")
                .contains("headers are too large")
                .doesNotContain("<html>");
    }

    /** Sends bytes no HTTP client library would send, and reads the whole answer. */
    private String exchange(String request) throws IOException {
        URI base = URI.create(http.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
