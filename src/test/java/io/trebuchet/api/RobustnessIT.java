package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad or hostile input found by probing: each gets a clear 4xx and changes nothing; races record one event. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class RobustnessIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        new TestingPlatform(http).threeStages();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theNulCharacterIsRefusedOnEveryStore() {
        long events = lastEventId();

        Response lock = http.putJson("/api/v1/locks/environment/dev/nul", "{\"message\": \"a\\u0000b\"}");
        Response release = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("source_message", "a\u0000b")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev")));

        assertThat(lock.status()).as(lock.toString()).isEqualTo(400);
        assertThat(release.status()).as(release.toString()).isEqualTo(400);
        assertThat(release.json().path("message").asText()).contains("NUL");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void timesOutsideWhatAStoreHoldsAreRefused() {
        assertThat(http.putJson(
                                "/api/v1/locks/environment/dev/far",
                                "{\"message\": \"m\", \"expiresAt\": \"+1000000000-01-01T00:00:00Z\"}")
                        .code())
                .isEqualTo("INVALID_REQUEST");
        assertThat(http.putJson(
                                "/api/v1/locks/environment/dev/past",
                                "{\"message\": \"m\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}")
                        .code())
                .isEqualTo("INVALID_LOCK");
        assertThat(http.get("/api/v1/events?since=%2B999999999-12-31T23:59:59Z").status())
                .isEqualTo(400);
        assertThat(http.get("/history.csv?since=%2B999999999-12-31T23:59:59Z").status())
                .isEqualTo(400);
    }

    @Test
    void versionsStayReadable() {
        Response huge = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("version", "999999999999999999")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev")));
        assertThat(huge.status()).isEqualTo(201);

        Response next = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev") + "  v: \"2\"\n"));

        assertThat(next.code()).isEqualTo("INVALID_VERSION");
        assertThat(http.get("/api/v1/applications/cart/releases/999999999999999999")
                        .status())
                .isEqualTo(200);
        assertThat(http.postJson(
                                "/api/v1/environments/dev/applications/cart/deploy",
                                "{\"version\": 1000000000000000000}")
                        .code())
                .isEqualTo("INVALID_VERSION");
    }

    @Test
    void nullsAndUnknownCharsetsAreBadRequests() throws Exception {
        assertThat(http.putJson("/api/v1/platform/values", "null").code()).isEqualTo("INVALID_JSON");
        Response nullElement = http.putJson("/api/v1/applications/cart", "{\"environments\": [null]}");
        assertThat(nullElement.status()).isEqualTo(400);
        assertThat(nullElement.json().path("message").asText()).contains("null").doesNotContain("java.");

        HttpResponse<String> ebcdic = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.baseUrl() + "/api/v1/platform/values"))
                                .header("Content-Type", "application/json; charset=EBCDIC")
                                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ebcdic.statusCode()).as(ebcdic.body()).isEqualTo(415);
    }

    @Test
    void browsersCannotChangeAnythingFromAnotherSite() throws IOException, InterruptedException {
        new TestingPlatform(http).release("cart", "dev", "staging");

        HttpResponse<String> crossSite = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        http.baseUrl() + "/api/v1/environments/staging/applications/cart/deploy"))
                                .header("Content-Type", "text/plain")
                                .header("Sec-Fetch-Site", "cross-site")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"version\": 1}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("CROSS_SITE_REQUEST");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();
    }

    @Test
    void hugeManifestsAndExplodingTemplatesAreRefused() {
        String huge = TestingPlatform.manifest("cart", "dev") + "  blob: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n";
        Response manifest = http.postMultipart(
                "/release", Multipart.form().field("application", "cart").file("manifests[dev]", "m", huge));
        assertThat(manifest.code()).isEqualTo("INVALID_MANIFEST");

        http.putJson(
                "/api/v1/applications/tiles",
                Json.write(Map.of(
                        "template", "data:\n" + "  - \"{{p}}\"\n".repeat(20_000), "environments", List.of("dev"))));
        Response exploding = http.postJson(
                "/api/v1/applications/tiles/releases", Json.write(Map.of("parameters", Map.of("p", "x".repeat(2500)))));
        assertThat(exploding.code()).isEqualTo("INVALID_VALUES");
    }

    @Test
    void concurrentDeclarationsAndDeletionsRecordOneEventEach() throws Exception {
        List<Response> created = atOnce(16, () -> http.putJson("/api/v1/applications/racer", "{\"team\": \"x\"}"));
        assertThat(created).filteredOn(response -> response.status() == 201).hasSize(1);
        assertThat(http.get("/api/v1/events?kind=APPLICATION_CREATED&application=racer")
                        .json()
                        .path("events"))
                .hasSize(1);

        http.putJson("/api/v1/locks/environment/dev/race", "{\"message\": \"m\"}");
        List<Response> deleted = atOnce(16, () -> http.delete("/api/v1/locks/environment/dev/race"));
        assertThat(deleted).filteredOn(response -> response.status() == 200).hasSize(1);
        assertThat(http.get("/api/v1/events?kind=LOCK_DELETED").json().path("events"))
                .hasSize(1);

        List<Response> values = atOnce(8, () -> http.putJson("/api/v1/platform/values", "{\"values\": {\"a\": 1}}"));
        assertThat(values).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
        assertThat(http.get("/api/v1/events?kind=PLATFORM_VALUES_UPDATED")
                        .json()
                        .path("events"))
                .hasSize(1);
    }

    private static List<Response> atOnce(int clients, Supplier<Response> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.get();
                }));
            }
            ready.await();
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
