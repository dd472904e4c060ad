package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every request passes before its route, at the HTTP level: the host it was sent to, the origin of a
 * change, and the content types of a change's body; and that curl and CI clients keep working. {@code
 * BrowserWritesIT} shows the same rules holding against a real browser.
 */
@ExtendWith(TestingDatabases.class)
class RequestOriginIT {
    private static final String DEPLOY = "/api/v1/environments/staging/applications/cart/deploy";
    private static final String DEPLOY_THROUGH_LOCKS = "{\"version\": 1, \"lockBehavior\": \"ignore\"}";

    private TestingServer server;
    private TestingHttp http;
    private int port;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        http = server.http();
        port = URI.create(http.baseUrl()).getPort();
        new TestingPlatform(http).threeStages().release("cart", "dev", "staging");
        assertThat(http.putJson("/api/v1/locks/environment/staging/freeze", "{\"message\": \"release freeze\"}")
                        .status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"evil.test", "evil.test:%d", "localhost.evil.test:%d", "127.0.0.1.nip.io:%d", "10.9.8.7:%d"})
    void aHostTheServerDoesNotAnswerToIsRefusedForEveryRequest(String hostPattern) {
        String host = hostPattern.formatted(port);
        long events = lastEventId();

        List<Answer> answers = List.of(
                raw("GET /api/v1/overview HTTP/1.1\r\nHost: " + host + "\r\n\r\n"),
                raw("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n"),
                raw("POST " + DEPLOY + " HTTP/1.1\r\nHost: " + host
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + DEPLOY_THROUGH_LOCKS.length()
                        + "\r\n\r\n" + DEPLOY_THROUGH_LOCKS),
                raw("PUT /api/v1/locks/environment/dev/sneaky HTTP/1.1\r\nHost: " + host
                        + "\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"message\":\"m\"}"));

        String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(421);
            assertThat(answer.header("Content-Type")).hasValue("application/json");
            assertThat(answer.code()).isEqualTo("HOST_NOT_ALLOWED");
            assertThat(answer.json().path("message").asText())
                    .contains("'" + host + "'")
                    .contains("--allowed-host " + name)
                    .contains("TREBUCHET_ALLOWED_HOSTS=" + name)
                    .contains("localhost, 127.0.0.1, [::1]");
            assertThat(answer.json().path("details").path("host").asText()).isEqualTo(host);
        }
        assertNothingChanged(events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:%d", "LocalHost:%d", "127.0.0.1:%d", "[::1]:%d", "localhost", "127.0.0.1"})
    void loopbackNamesAreAnswered(String hostPattern) {
        Answer answer = raw("GET /api/v1/health HTTP/1.1\r\nHost: " + hostPattern.formatted(port) + "\r\n\r\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void configuredNamesAreAnsweredAndTheirPagesMayChangeThings(TestingDatabases databases) {
        try (TestingServer named = TestingServer.startAllowingHosts(
                Backend.POSTGRESQL, databases, List.of("trebuchet.test", "*.apps.test"))) {
            int namedPort = URI.create(named.baseUrl()).getPort();
            String config = "{\"upstream\":{\"latest\":true}}";
            String put = "PUT /api/v1/environments/dev HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\n"
                    + "Sec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: "
                    + config.length() + "\r\n\r\n" + config;

            for (String host : List.of("trebuchet.test:" + namedPort, "ui.apps.test:" + namedPort)) {
                assertThat(TestingSocket.exchange(
                                        named.baseUrl(), "GET /api/v1/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                                .status())
                        .as(host)
                        .isEqualTo(200);
                Answer created = TestingSocket.exchange(named.baseUrl(), put.formatted(host, host));
                assertThat(created.status()).as(created.toString()).isIn(200, 201);
            }
            Answer other = TestingSocket.exchange(
                    named.baseUrl(), "GET /api/v1/health HTTP/1.1\r\nHost: apps.test:" + namedPort + "\r\n\r\n");
            assertThat(other.status()).isEqualTo(421);
            assertThat(other.json().path("details").path("allowedHosts").toString())
                    .contains("trebuchet.test", "*.apps.test");
        }
    }

    /** Origin | Sec-Fetch-Site, as browsers send them for a change from a page elsewhere; "-" is absent. */
    @ParameterizedTest(name = "Origin: {0}, Sec-Fetch-Site: {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "http://evil.test | cross-site",
                "http://evil.test | -",
                "- | cross-site",
                "http://127.0.0.1:1 | same-site",
                "http://127.0.0.1:1 | -",
                "http://localhost:{port} | same-site",
                "http://localhost:{port} | -",
                "https://127.0.0.1:{port} | -",
                "- | same-site",
                "null | cross-site",
                "null | -",
            })
    void changesSentFromAnotherOriginAreRefusedWhateverTheirBody(String origin, String fetchSite) {
        Map<String, String> headers = new HashMap<>();
        if (origin != null) {
            headers.put("Origin", origin.replace("{port}", String.valueOf(port)));
        }
        if (fetchSite != null) {
            headers.put("Sec-Fetch-Site", fetchSite);
        }
        long events = lastEventId();

        List<Response> responses = List.of(
                http.postJsonWithHeaders(DEPLOY, DEPLOY_THROUGH_LOCKS, headers),
                http.putJsonWithHeaders("/api/v1/locks/environment/dev/sneaky", "{\"message\": \"m\"}", headers),
                http.postMultipart(
                        "/release",
                        Multipart.form()
                                .field("application", "cart")
                                .file("manifests[dev]", "dev.yaml", TestingPlatform.manifest("cart", "dev")),
                        headers),
                send("POST", "/api/v1/environments/dev/train", Optional.empty(), "", headers),
                send("DELETE", "/api/v1/locks/environment/staging/freeze", Optional.empty(), "", headers));

        for (Response response : responses) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.code()).isEqualTo("CROSS_SITE_REQUEST");
            assertThat(response.json().path("message").asText()).contains("another origin");
        }
        assertNothingChanged(events);
        assertThat(http.get("/api/v1/locks").json().path("locks")).hasSize(1);
    }

    @Test
    void changesFromTheServersOwnPagesAndFromNoBrowserAreAccepted() {
        Map<String, String> own = Map.of("Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin");

        Response fromPage =
                http.putJsonWithHeaders("/api/v1/locks/environment/dev/from-page", "{\"message\": \"m\"}", own);
        Response fromCurl = http.putJson("/api/v1/locks/environment/dev/from-curl", "{\"message\": \"m\"}");
        Response reading = send(
                "GET",
                "/api/v1/locks",
                Optional.empty(),
                "",
                Map.of("Origin", "http://evil.test", "Sec-Fetch-Site", "cross-site"));

        assertThat(fromPage.status()).as(fromPage.toString()).isEqualTo(201);
        assertThat(fromCurl.status()).as(fromCurl.toString()).isEqualTo(201);
        assertThat(reading.status()).isEqualTo(200);
    }

    /** Content types (empty: none) and bodies that a form or a no-cors fetch can send to another site. */
    static Stream<Arguments> bodiesWithoutPreflight() {
        return Stream.of(
                Arguments.of("text/plain", DEPLOY_THROUGH_LOCKS),
                Arguments.of("text/plain;charset=UTF-8", DEPLOY_THROUGH_LOCKS),
                Arguments.of("application/x-www-form-urlencoded", DEPLOY_THROUGH_LOCKS),
                Arguments.of(
                        "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1\r\n--b--\r\n"),
                Arguments.of("application/json-patch+json", DEPLOY_THROUGH_LOCKS),
                Arguments.of("", DEPLOY_THROUGH_LOCKS));
    }

    @ParameterizedTest
    @MethodSource("bodiesWithoutPreflight")
    void jsonEndpointsRefuseBodiesThatAPageCouldSendWithoutAPreflight(String contentType, String body) {
        long events = lastEventId();

        Response response = send(
                "POST", DEPLOY, contentType.isEmpty() ? Optional.empty() : Optional.of(contentType), body, Map.of());

        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(response.json().path("message").asText())
                .contains("POST /api/v1/environments/{env}/applications/{app}/deploy takes application/json");
        assertThat(response.json().path("details").path("accepted").toString()).isEqualTo("[\"application/json\"]");
        assertNothingChanged(events);
    }

    @Test
    void kuberpultsMultipartEndpointsRefuseOtherBodies() {
        long events = lastEventId();

        Response json = http.postJson("/release", "{\"application\": \"cart\"}");
        Response form = send(
                "POST",
                "/api/environments/qa",
                Optional.of("application/x-www-form-urlencoded"),
                "config=%7B%22upstream%22%3A%7B%22latest%22%3Atrue%7D%7D",
                Map.of());

        assertThat(json.status()).as(json.toString()).isEqualTo(415);
        assertThat(json.json().path("message").asText()).contains("POST /release takes multipart/form-data");
        assertThat(form.status()).as(form.toString()).isEqualTo(415);
        assertNothingChanged(events);
    }

    @Test
    void curlCiAndKuberpultsScriptsKeepWorking() {
        String base = http.baseUrl();

        // Locks the way Kuberpult's clients and its documentation send them: JSON, JSON labelled as a form by curl -d,
        // a form field; then bodiless deletes and a bodiless release train.
        assertThat(curl(
                        "-X",
                        "PUT",
                        "-H",
                        "Content-Type: application/json",
                        "-d",
                        "{\"message\":\"json\"}",
                        base + "/environments/dev/locks/json"))
                .isEqualTo(200);
        assertThat(curl("-X", "PUT", "-d", "{\"message\":\"curl -d\"}", base + "/environments/dev/locks/curl-d"))
                .isEqualTo(200);
        assertThat(curl("-X", "PUT", "-F", "message=form", base + "/api/environments/dev/applications/cart/locks/form"))
                .isEqualTo(200);
        assertThat(curl("-X", "DELETE", base + "/environments/dev/locks/json")).isEqualTo(200);
        assertThat(curl("-X", "DELETE", base + "/api/v1/locks/environment/dev/curl-d"))
                .isEqualTo(200);
        assertThat(curl("-X", "PUT", base + "/api/environments/staging/releasetrain"))
                .isEqualTo(200);
        assertThat(curl("-X", "POST", base + "/api/v1/environments/staging/train"))
                .isEqualTo(200);
        assertThat(curl(
                        "-X",
                        "POST",
                        "-H",
                        "multipart/form-data",
                        "--form-string",
                        "config={\"upstream\":{\"environment\":\"staging\"}}",
                        base + "/api/environments/qa/"))
                // Kuberpult's environment routes answer 200 for a new environment too.
                .isEqualTo(200);
        assertThat(curl("-H", "Content-Type: application/json", "-d", DEPLOY_THROUGH_LOCKS, base + DEPLOY))
                .isEqualTo(200);
        // An empty form, as curl -d '' sends it, is refused too: a page of another site could send it.
        Response emptyForm = send(
                "POST",
                "/api/v1/environments/staging/train",
                Optional.of("application/x-www-form-urlencoded"),
                "",
                Map.of());
        assertThat(emptyForm.status()).isEqualTo(415);
        assertThat(emptyForm.json().path("message").asText())
                .contains("a request without a body needs no Content-Type");
        // JSON without its type, as curl -d sends it, is what a page of another site could send too.
        assertThat(curl("-d", "{\"version\": 1}", base + "/api/v1/environments/dev/applications/cart/deploy"))
                .isEqualTo(415);
    }

    private int curl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl did not finish: " + command);
            }
            return Integer.parseInt(output.strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer raw(String request) {
        return TestingSocket.exchange(http.baseUrl(), request);
    }

    private Response send(
            String method, String path, Optional<String> contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        contentType.ifPresent(type -> request.header("Content-Type", type));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertNothingChanged(long eventsBefore) {
        assertThat(lastEventId()).isEqualTo(eventsBefore);
        JsonNode staging = http.get("/api/v1/applications/cart").json().path("environments");
        assertThat(staging.has("staging")).isFalse();
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
