package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image source of an application that declares a Helm chart releases the chart with the chosen tag as the value its
 * {@code tagParameter} names, through the chart path (rendered, stored with the chart it came from, auto-deployed),
 * and a later scan of the same tag releases nothing.
 */
@ExtendWith(TestingDatabases.class)
class ImageAutomationChartIT {
    @TempDir
    Path platform;

    @Test
    void aChartApplicationsImageSourceReleasesTheChartWithTheTag(TestingDatabases databases) throws IOException {
        Files.writeString(platform.resolve("platform.yaml"), "name: charts\n");
        Files.createDirectories(platform.resolve("environments"));
        Files.createDirectories(platform.resolve("applications"));
        Files.writeString(platform.resolve("environments/dev.yaml"), "name: dev\nupstream:\n  latest: true\n");
        TestingCharts.practical(platform.resolve("charts"), "apiserver");
        Files.writeString(platform.resolve("applications/apiserver.yaml"), """
                name: apiserver
                team: api
                chart:
                  path: charts/apiserver
                values:
                  image.repository: registry.example.com/apiserver
                """);
        try (TestingFakeRegistry registry = new TestingFakeRegistry(List.of("1.0.0", "1.1.0", "2.0.0-rc.1"));
                TestingServer server = TestingServer.start(Backend.EMBEDDED, databases)) {
            TestingHttp http = server.http();
            TestingCli.Result applied = new TestingCli(server.baseUrl()).run("apply", "-f", platform.toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            Response declared = http.putJson(
                    "/api/v1/applications/apiserver/image-sources/image",
                    Json.write(Map.of(
                            "image",
                            registry.image(),
                            "interval",
                            "1h",
                            "tagParameter",
                            "image.tag",
                            "policy",
                            Map.of("semver", Map.of("range", ">=1.0.0")))));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(200);

            JsonNode scanned = http.post("/api/v1/applications/apiserver/image-sources/image/scan")
                    .json();

            assertThat(scanned.path("scan").path("lastError").isMissingNode())
                    .as(scanned.toString())
                    .isTrue();
            assertThat(scanned.path("scan").path("releasedTag").asText()).isEqualTo("1.1.0");
            long version = scanned.path("scan").path("releasedVersion").asLong();
            assertThat(scanned.path("scan").path("outcome").asText())
                    .startsWith("released 1.1.0 as version " + version)
                    .contains("deployed to dev");
            JsonNode chart = http.get("/api/v1/applications/apiserver/releases/" + version + "/chart")
                    .json();
            assertThat(chart.path("name").asText()).as(chart.toString()).isEqualTo("apiserver");
            JsonNode release = http.get("/api/v1/applications/apiserver/releases/" + version)
                    .json();
            assertThat(release.path("manifests").path("dev").asText())
                    .contains("image: \"registry.example.com/apiserver:1.1.0\"");
            assertThat(release.path("sourceAuthor").asText()).isEqualTo("image-automation");

            // The same tag again: nothing new.
            JsonNode again = http.post("/api/v1/applications/apiserver/image-sources/image/scan")
                    .json();
            assertThat(again.path("scan").path("releasedVersion").asLong()).isEqualTo(version);
            assertThat(http.get("/api/v1/applications/apiserver/releases")
                            .json()
                            .path("releases")
                            .size())
                    .isEqualTo(1);
        }
    }
}
