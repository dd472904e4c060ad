package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingDatabases.class)
class OpenApiIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");
    private static final Map<String, String> SAMPLES = Map.of(
            "env", "dev",
            "app", "cart",
            "id", "sample-lock",
            "group", "production",
            "team", "payments",
            "stack", "shop",
            "name", "ci",
            "source", "image",
            "subscription", "chart",
            "version", "1");
    private static final String BOUNDARY = "sampleboundary";
    /** A small body of each type that a page of another site could send, and JSON. */
    private static final List<Map.Entry<String, String>> BODIES = List.of(
            Map.entry("application/json", "{}"),
            Map.entry(
                    "multipart/form-data",
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nm\r\n--" + BOUNDARY
                            + "--\r\n"),
            Map.entry("application/x-www-form-urlencoded", "message=m"),
            Map.entry("text/plain", "{}"));

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            JsonNode document = server.http().get("/api/v1/openapi.json").json();
            Set<String> documented = new TreeSet<>();
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    if (METHODS.contains(operation.getKey())) {
                        documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }
            }

            assertThat(documented)
                    .containsExactlyInAnyOrderElementsOf(
                            new TreeSet<>(server.server().routes()));
            assertThat(document.path("openapi").asText()).startsWith("3.");
        }
    }

    @Test
    void theWebUiPagesAreServedButAreNotPartOfTheApi(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            List<String> pages = server.server().pageRoutes();

            assertThat(pages)
                    .contains(
                            "GET /",
                            "GET /applications/{app}",
                            "GET /environments",
                            "GET /locks",
                            "POST /locks/delete",
                            "POST /environments/{env}/train",
                            "GET /history");
            assertThat(pages).doesNotContainAnyElementsOf(server.server().routes());
            assertThat(pages).noneMatch(route -> route.split(" ", 2)[1].startsWith("/api/"));
            assertThat(server.http().get("/").status()).isEqualTo(200);
        }
    }

    /**
     * Each write operation reads exactly the content types its document lists (JSON when it lists no body): every
     * other type, and a body without a type, is refused with 415 before the operation runs.
     */
    @Test
    void everyWriteOperationAcceptsTheContentTypesItDocumentsAndNoOthers(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            new TestingPlatform(server.http()).threeStages();
            JsonNode document = server.http().get("/api/v1/openapi.json").json();
            List<String> checked = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(Locale.ROOT);
                    if (!Set.of("POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        continue;
                    }
                    Set<String> documented = documentedTypes(document, operation.getValue());
                    String target = PARAMETER.matcher(path.getKey()).replaceAll(match -> SAMPLES.get(match.group(1)));
                    for (Map.Entry<String, String> type : BODIES) {
                        Response response = send(server, method, target, Optional.of(type.getKey()), type.getValue());
                        String what = method + " " + path.getKey() + " with " + type.getKey() + ": " + response;
                        if (documented.contains(type.getKey())) {
                            assertThat(response.status())
                                    .as(what)
                                    .isNotEqualTo(415)
                                    .isLessThan(500);
                        } else {
                            assertThat(response.status()).as(what).isEqualTo(415);
                            assertThat(response.code()).as(what).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
                            assertThat(response.json().path("message").asText())
                                    .as(what)
                                    .contains(documented.iterator().next());
                        }
                    }
                    Response untyped = send(server, method, target, Optional.empty(), "{}");
                    assertThat(untyped.status())
                            .as(method + " " + target + " untyped: " + untyped)
                            .isEqualTo(415);
                    checked.add(method + " " + path.getKey());
                }
            }
            assertThat(checked).contains("POST /release", "PUT /api/v1/locks/environment/{env}/{id}");
        }
    }

    private static Set<String> documentedTypes(JsonNode document, JsonNode operation) {
        JsonNode body = operation.path("requestBody");
        if (body.has("$ref")) {
            String name = body.path("$ref").asText().substring("#/components/requestBodies/".length());
            body = document.path("components").path("requestBodies").path(name);
        }
        Set<String> types = new TreeSet<>();
        body.path("content").fieldNames().forEachRemaining(types::add);
        return types.isEmpty() ? Set.of("application/json") : types;
    }

    private static Response send(
            TestingServer server, String method, String path, Optional<String> contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        contentType.ifPresent(type -> request.header(
                "Content-Type", type.equals("multipart/form-data") ? type + "; boundary=" + BOUNDARY : type));
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

    @Test
    void everyDocumentedOperationHasAnIdAndAnswers(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            JsonNode paths = server.http().get("/api/v1/openapi.json").json().path("paths");
            Set<String> operationIds = new TreeSet<>();
            paths.forEach(item -> item.properties().forEach(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    String id = operation.getValue().path("operationId").asText();
                    assertThat(id).as(operation.toString()).isNotEmpty();
                    assertThat(operationIds.add(id))
                            .as("duplicate operationId " + id)
                            .isTrue();
                    assertThat(operation.getValue().path("responses").size()).isPositive();
                }
            }));
        }
    }
}
