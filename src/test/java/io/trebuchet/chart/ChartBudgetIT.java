package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.imageautomation.RegistryBudgetSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingChartRepository;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart fetches keep to the request budget {@code serve --registry-budget} sets for their host, as image scans do: a
 * subscription's scan (the index for the versions, then the index and the archive for the release) sends its requests
 * to a host allowed one every 1.5 seconds that far apart, where the default budget would let them through at once.
 */
@ExtendWith(TestingDatabases.class)
class ChartBudgetIT {
    @TempDir
    Path directory;

    @Test
    void aSubscriptionsScanKeepsToTheBudgetOfTheChartsHost(TestingDatabases databases) {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory.resolve("tiles"), "tiles"));
        try (TestingChartRepository repository =
                TestingChartRepository.serve("tiles", "1.0.0", archive, Optional.empty())) {
            URI url = URI.create(repository.url("127.0.0.1"));
            RegistryBudgetSettings budgets = RegistryBudgetSettings.parse(
                    List.of("127.0.0.1:" + url.getPort() + "=" + (1 / 1.5) + ",burst=1,concurrency=1", "*=50"));
            try (TestingServer server = TestingServer.startConfigured(
                    Backend.EMBEDDED,
                    databases,
                    TestingServer::fastExport,
                    config -> config.withChartSources(ChartSources.of(List.of("127.0.0.1")))
                            .withRegistryBudgets(budgets))) {
                TestingHttp http = server.http();
                new TestingPlatform(http).environment("dev", "{\"upstream\":{\"latest\":true}}");
                Response declared = http.putJson(
                        "/api/v1/applications/tiles",
                        Json.write(Map.of("team", "maps", "environments", List.of("dev"))));
                assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
                String path = "/api/v1/applications/tiles/chart-subscriptions/chart";
                Response subscribed = http.putJson(
                        path, Json.write(Map.of("chart", "tiles", "repository", url.toString(), "interval", "1h")));
                assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(200);

                JsonNode scanned = http.post(path + "/scan").json();

                assertThat(scanned.path("scan").path("releasedChartVersion").asText())
                        .as(scanned.toString())
                        .isEqualTo("1.0.0");
                List<TestingChartRepository.Request> requests = repository.requests();
                assertThat(requests)
                        .extracting(TestingChartRepository.Request::path)
                        .contains("/charts/index.yaml", "/charts/tiles-1.0.0.tgz");
                assertThat(requests.size()).isGreaterThanOrEqualTo(3);
                for (int i = 1; i < requests.size(); i++) {
                    double gap = (requests.get(i).nanos() - requests.get(i - 1).nanos()) / 1e9;
                    // The budget's pace, less what a request's arrival may drift from its sending.
                    assertThat(gap).as("gap before %s", requests.get(i).path()).isGreaterThan(1.5 - 0.25);
                }
            }
        }
    }
}
