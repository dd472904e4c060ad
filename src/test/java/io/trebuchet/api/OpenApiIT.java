package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingDatabases.class)
class OpenApiIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.H2, databases)) {
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
        try (TestingServer server = TestingServer.start(Backend.H2, databases)) {
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

    @Test
    void everyDocumentedOperationHasAnIdAndAnswers(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.H2, databases)) {
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
