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
import io.trebuchet.testing.TestingSocket;
import io.trebuchet.testing.TestingSocket.Answer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one error shape, for routes that do not exist, wrong methods and oversize bodies, and for every request Jetty
 * refuses before a route is reached.
 */
@ExtendWith(TestingDatabases.class)
// One server for the class: every case but one is a refusal that changes nothing (each checks that), and the one
// accepted release names an application no other case looks at. A server per case cost 1.6 s each, 60 cases.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorModelIT {
    private static final long LIMIT = 64 * 1024;

    @TempDir
    Path files;

    private TestingServer server;
    private TestingHttp http;

    @BeforeAll
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases, LIMIT);
        http = server.http();
        new TestingPlatform(http).threeStages();
    }

    @AfterAll
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
        String large = manifest("basket", "dev") + "  blob: \"" + "x".repeat((int) (LIMIT / 2)) + "\"\n";

        Response response = http.postMultipart(
                "/release", Multipart.form().field("application", "basket").file("manifests[dev]", "m", large));

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
                .contains("\"code\":\"HEADERS_TOO_LARGE\"")
                .contains("headers are too large")
                .doesNotContain("<html>");
    }

    /** Every refusal Jetty makes before a route is reached, for a method with a body and one without. */
    static Stream<Arguments> refusalsBeforeRouting() {
        String host = "Host: 127.0.0.1\r\n";
        List<Arguments> cases = new ArrayList<>();
        for (String method : List.of("GET", "PUT", "DELETE", "POST", "OPTIONS")) {
            cases.add(Arguments.of(
                    method + " header too large",
                    method + " /api/v1/locks/environment/dev/x HTTP/1.1\r\n" + host + "X-Filler: " + "x".repeat(20_000)
                            + "\r\n\r\n",
                    431,
                    "HEADERS_TOO_LARGE"));
            cases.add(Arguments.of(
                    method + " too many headers",
                    method + " /api/v1/locks/environment/dev/x HTTP/1.1\r\n" + host
                            + IntStream.range(0, 1500)
                                    .mapToObj(i -> "X-H" + i + ": v\r\n")
                                    .collect(Collectors.joining())
                            + "\r\n",
                    431,
                    "HEADERS_TOO_LARGE"));
            cases.add(Arguments.of(
                    method + " URI too long",
                    method + " /api/v1/locks?environment=" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n",
                    414,
                    "URI_TOO_LONG"));
            cases.add(Arguments.of(
                    method + " bad percent-encoding",
                    method + " /api/v1/environments/%zz HTTP/1.1\r\n" + host + "\r\n",
                    400,
                    "INVALID_REQUEST"));
            cases.add(Arguments.of(
                    method + " percent-encoding that is not UTF-8",
                    method + " /api/v1/environments/%C0%AF HTTP/1.1\r\n" + host + "\r\n",
                    400,
                    "INVALID_REQUEST"));
            cases.add(Arguments.of(
                    method + " HTTP/3.0",
                    method + " /api/v1/health HTTP/3.0\r\n" + host + "\r\n",
                    505,
                    "HTTP_VERSION_NOT_SUPPORTED"));
            cases.add(Arguments.of(
                    method + " bad header line",
                    method + " /api/v1/health HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n",
                    400,
                    "INVALID_REQUEST"));
        }
        cases.add(Arguments.of("bad request line", "GARBAGE\r\n\r\n", 400, "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "request line with extra words", "GET / HTTP/1.1 extra\r\n" + host + "\r\n", 400, "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "HTTP/1.2", "GET /api/v1/health HTTP/1.2\r\n" + host + "\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED"));
        cases.add(Arguments.of(
                "HTTP/2 without TLS", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED"));
        cases.add(Arguments.of("no Host in HTTP/1.1", "GET /api/v1/health HTTP/1.1\r\n\r\n", 400, "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "two Host headers",
                "GET /api/v1/health HTTP/1.1\r\n" + host + "Host: evil.test\r\n\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "folded header",
                "GET /api/v1/health HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "unknown expectation",
                "PUT /api/v1/platform/values HTTP/1.1\r\n" + host
                        + "Expect: something\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                417,
                "EXPECTATION_FAILED"));
        cases.add(Arguments.of(
                "Content-Length that is not a number",
                "POST /api/v1/config/plan HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "Content-Length and Transfer-Encoding",
                "POST /api/v1/config/plan HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "bad chunking",
                "POST /api/v1/config/plan HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "Content-Length beyond 2 GiB",
                "POST /api/v1/config/plan HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n",
                413,
                "PAYLOAD_TOO_LARGE"));
        cases.add(Arguments.of(
                "chunked body over the limit",
                "POST /api/v1/config/plan HTTP/1.1\r\n" + host
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + ("1000\r\n" + "x".repeat(0x1000) + "\r\n").repeat((int) (LIMIT / 0x1000) + 2)
                        + "0\r\n\r\n",
                413,
                "PAYLOAD_TOO_LARGE"));
        cases.add(Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + host + "\r\n", 404, "ROUTE_NOT_FOUND"));
        cases.add(Arguments.of(
                "CONNECT to another authority",
                "CONNECT 127.0.0.1:9 HTTP/1.1\r\n" + host + "\r\n",
                400,
                "INVALID_REQUEST"));
        cases.add(Arguments.of(
                "CONNECT", "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n", 405, "METHOD_NOT_ALLOWED"));
        cases.add(
                Arguments.of("TRACE", "TRACE /api/v1/health HTTP/1.1\r\n" + host + "\r\n", 405, "METHOD_NOT_ALLOWED"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusalsBeforeRouting")
    void everyRefusalBeforeRoutingIsTheOneErrorShape(String what, String request, int status, String code) {
        Answer answer = TestingSocket.exchange(http.baseUrl(), request);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).hasValue("application/json");
        assertThat(answer.json().properties())
                .as(answer.toString())
                .extracting(Map.Entry::getKey)
                .containsExactly("code", "message", "details");
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).isNotBlank().doesNotContain("multipart");
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
    }

    @Test
    void headRefusedBeforeRoutingHasNoBody() {
        Answer answer = TestingSocket.exchange(
                http.baseUrl(),
                "HEAD /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "x".repeat(20_000) + "\r\n\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.body()).isEmpty();
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
