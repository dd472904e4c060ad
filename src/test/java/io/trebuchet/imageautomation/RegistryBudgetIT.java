package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The budget {@code serve --registry-budget} sets for a host is the one the server's scans keep to: a scan of a tag
 * list of several pages from a host allowed one request every 1.5 seconds sends them that far apart, where the default
 * budget would let the first five through at once.
 */
@ExtendWith(TestingDatabases.class)
class RegistryBudgetIT {
    private static final double RATE = 1 / 1.5;

    private TestingFakeRegistry registry;
    private TestingServer server;

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    void aScanKeepsToTheBudgetSetForItsRegistryHost(TestingDatabases databases) {
        // 350 tags: four pages of 100.
        registry = new TestingFakeRegistry(
                IntStream.range(0, 350).mapToObj("1.0.%d"::formatted).toList());
        String host = registry.image().replaceFirst("^http://", "").replaceFirst("/app$", "");
        RegistryBudgetSettings budgets =
                RegistryBudgetSettings.parse(List.of(host + "=" + RATE + ",burst=1,concurrency=1", "*=50"));
        server = TestingServer.startConfigured(
                Backend.EMBEDDED, databases, TestingServer::fastExport, config -> config.withRegistryBudgets(budgets));
        TestingHttp http = server.http();
        new TestingPlatform(http).threeStages();
        http.putJson(
                "/api/v1/applications/geo",
                Json.write(Map.of(
                        "template", "kind: ConfigMap\ndata:\n  tag: \"{{tag}}\"\n", "environments", List.of("dev"))));
        Response source = http.putJson(
                "/api/v1/applications/geo/image-sources/image",
                Json.write(Map.of(
                        "image",
                        registry.image(),
                        "interval",
                        "1h",
                        "tagParameter",
                        "tag",
                        "policy",
                        Map.of("semver", Map.of("range", ">=1.0.0")))));
        assertThat(source.status()).as(source.toString()).isEqualTo(200);

        JsonNode scanned =
                http.post("/api/v1/applications/geo/image-sources/image/scan").json();

        List<TestingFakeRegistry.Request> tagLists = registry.requests().stream()
                .filter(request -> request.uri().startsWith("/v2/app/tags/list"))
                .toList();
        assertThat(tagLists.size()).as(scanned.toString()).isGreaterThanOrEqualTo(4);
        List<TestingFakeRegistry.Request> all = registry.requests();
        for (int i = 1; i < all.size(); i++) {
            double gap = (all.get(i).nanos() - all.get(i - 1).nanos()) / 1e9;
            // The budget's pace, less what a request's arrival may drift from its sending.
            assertThat(gap).as("gap before %s", all.get(i).uri()).isGreaterThan(1.5 - 0.25);
        }
    }
}
