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
}
