package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingChartRepository;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Charts declared in a platform directory ({@code chart:} in an application's file): applied with the command line,
 * which packs a chart directory, and rendered by the application's releases that bring no chart of their own.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class DeclaredChartIT {
    @Parameter
    Backend backend;

    @TempDir
    Path platform;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;

    @BeforeEach
    void start(TestingDatabases databases) throws IOException {
        server = TestingServer.startConfigured(
                backend,
                databases,
                TestingServer::fastExport,
                config -> config.withChartSources(ChartSources.of(List.of("127.0.0.1"))));
        http = server.http();
        cli = new TestingCli(server.baseUrl());
        write("platform.yaml", "name: charts\n");
        write("environments/dev.yaml", "name: dev\nupstream:\n  latest: true\n");
        write(
                "environments/prod-de.yaml",
                "name: prod-de\nenvironmentGroup: production\nupstream:\n  environment: dev\n");
        TestingCharts.practical(platform.resolve("charts"), "apiserver");
        write("applications/apiserver.yaml", """
                name: apiserver
                team: api
                chart:
                  path: charts/apiserver
                values:
                  image.repository: registry.example.com/apiserver
                environmentValues:
                  prod-de:
                    replicaCount: 3
                """);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeclaredChartDirectoryIsRenderedByReleasesWithoutAChartOfTheirOwn() throws IOException {
        Result apply = cli.run("apply", "-f", platform.toString());
        Result again = cli.run("diff", "-f", platform.toString());
        write("release-values.yaml", "image:\n  tag: 2.4.1\n");
        Result released = cli.run(
                "release",
                "--application",
                "apiserver",
                "--values",
                platform.resolve("release-values.yaml").toString(),
                "--source_commit_id",
                "abcdef1");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("+ application apiserver");
        assertThat(again.out()).startsWith("No differences");
        JsonNode spec = http.get("/api/v1/applications/apiserver/spec").json();
        assertThat(released.exitCode()).as(released.toString()).isZero();
        assertThat(released.out())
                .startsWith("Rendered chart apiserver 1.0.0 (sha256:")
                .contains("Created release 1 of apiserver.")
                .contains("Deployed to dev");
        JsonNode chart =
                http.get("/api/v1/applications/apiserver/releases/1/chart").json();
        assertThat(chart.path("name").asText()).isEqualTo("apiserver");
        assertThat(chart.path("reference").asText()).isEqualTo("upload:apiserver");
        assertThat(chart.path("digest").asText())
                .isEqualTo(ChartDirectory.pack(platform.resolve("charts/apiserver"))
                        .digest());
        JsonNode manifests =
                http.get("/api/v1/applications/apiserver/releases/1").json().path("manifests");
        Map<?, ?> prod = deployment(manifests.path("prod-de").asText());
        assertThat(((Map<?, ?>) prod.get("spec")).get("replicas")).isEqualTo(3);
        assertThat(image(prod)).isEqualTo("registry.example.com/apiserver:2.4.1");
        assertThat(((Map<?, ?>) deployment(manifests.path("dev").asText()).get("spec")).get("replicas"))
                .isEqualTo(1);
        assertThat(spec.toString()).doesNotContain("archive");

        // The API's release with parameters renders it too, parameters nested as Helm reads dotted names.
        Response posted = http.postJson(
                "/api/v1/applications/apiserver/releases",
                "{\"parameters\": {\"image.tag\": \"2.4.2\"}, \"values\": {\"replicaCount\": 2}}");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        assertThat(posted.json().path("chart").path("version").asText()).isEqualTo("1.0.0");
        JsonNode second =
                http.get("/api/v1/applications/apiserver/releases/2").json().path("manifests");
        assertThat(image(deployment(second.path("dev").asText()))).isEqualTo("registry.example.com/apiserver:2.4.2");
        assertThat(((Map<?, ?>) deployment(second.path("dev").asText()).get("spec")).get("replicas"))
                .isEqualTo(2);
    }

    @Test
    void aChangedChartIsPlannedAppliedWithoutAReleaseAndRenderedByTheNextOne() throws IOException {
        assertThat(cli.run("apply", "-f", platform.toString()).exitCode()).isZero();
        assertThat(http.postJson("/api/v1/applications/apiserver/releases", "{}")
                        .status())
                .isEqualTo(201);
        TestingCharts.replaceLine(platform.resolve("charts/apiserver"), "Chart.yaml", "version: .*", "version: 1.1.0");

        Result diff = cli.run("diff", "-f", platform.toString());
        Result apply = cli.run("apply", "-f", platform.toString());

        assertThat(diff.out())
                .contains("~ application apiserver (its next release renders the new chart; apply releases nothing)")
                .contains("chart.version: \"1.0.0\" -> \"1.1.0\"")
                .contains("chart.digest: \"sha256:");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(http.get("/api/v1/applications/apiserver/releases").json().path("releases"))
                .hasSize(1);
        Response next = http.postJson("/api/v1/applications/apiserver/releases", "{}");
        assertThat(next.json().path("chart").path("version").asText()).isEqualTo("1.1.0");

        // A chart release that brings its own chart still wins over the declared one.
        Path other = TestingCharts.practical(platform.resolve("other"), "apiserver");
        TestingCharts.replaceLine(other, "Chart.yaml", "version: .*", "version: 2.0.0");
        Result own = cli.run("release", "--application", "apiserver", "--chart", other.toString());
        assertThat(own.out()).as(own.toString()).startsWith("Rendered chart apiserver 2.0.0 (sha256:");

        // Removing the declaration removes the chart, as removing templateFile removes the template.
        write("applications/apiserver.yaml", "name: apiserver\nteam: api\n");
        assertThat(cli.run("apply", "-f", platform.toString()).exitCode()).isZero();
        Response none = http.postJson("/api/v1/applications/apiserver/releases", "{}");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("code").asText()).isEqualTo("TEMPLATE_NOT_FOUND");
    }

    @Test
    void aPutGivesTheDeclaredChartBackOrIsRefusedAndChangesNothing() throws IOException {
        Result apply = cli.run("apply", "-f", platform.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        JsonNode spec = http.get("/api/v1/applications/apiserver/spec").json();
        assertThat(spec.path("chart").path("path").asText()).isEqualTo("charts/apiserver");

        // Read, change the values, write back: the chart stays.
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .putObject("values")
                .put("replicaCount", 2);
        Response kept = http.putJson("/api/v1/applications/apiserver", spec.toString());
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        JsonNode after = http.get("/api/v1/applications/apiserver/spec").json();
        assertThat(after.path("chart")).isEqualTo(spec.path("chart"));
        assertThat(after.path("values").path("replicaCount").asInt()).isEqualTo(2);

        // Another chart, of either form, is declared in the platform directory, not here.
        for (String chart : List.of(
                "{\"chart\": \"oci://127.0.0.1:5000/charts/apiserver\", \"version\": \"1.0.0\"}",
                spec.path("chart").toString().replace("charts/apiserver", "charts/other"))) {
            Response refused =
                    http.putJson("/api/v1/applications/apiserver", "{\"team\": \"api\", \"chart\": " + chart + "}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("INVALID_CHART");
            assertThat(refused.json().path("message").asText()).contains("trebuchet apply -f DIR");
        }
        assertThat(http.get("/api/v1/applications/apiserver/spec").json()).isEqualTo(after);
    }

    @Test
    void aDeclaredReferenceIsFetchedAtEachRelease() throws IOException {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(platform.resolve("remote"), "tiles"));
        try (TestingChartRepository repository =
                TestingChartRepository.serve("tiles", "1.0.0", archive, Optional.empty())) {
            write("applications/tiles.yaml", """
                    name: tiles
                    chart:
                      chart: tiles
                      repository: %s
                      version: 1.0.0
                    """.formatted(repository.url("127.0.0.1")));

            Result apply = cli.run("apply", "-f", platform.toString());
            Response released = http.postJson("/api/v1/applications/tiles/releases", "{}");

            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(released.status()).as(released.toString()).isEqualTo(201);
            assertThat(released.json().path("chart").path("reference").asText())
                    .isEqualTo(repository.url("127.0.0.1") + " tiles");
        }
    }

    @Test
    void wrongDeclarationsAreRefusedAndChangeNothing() throws IOException {
        String packed = Base64.getEncoder()
                .encodeToString(ChartDirectory.pack(platform.resolve("charts/apiserver"))
                        .bytes());
        Response unpacked = http.postJson(
                "/api/v1/config/apply",
                Json.write(
                        Map.of("applications", List.of(Map.of("name", "api", "chart", Map.of("path", "charts/api"))))));
        Response both = http.postJson(
                "/api/v1/config/apply",
                Json.write(Map.of(
                        "applications",
                        List.of(Map.of(
                                "name",
                                "api",
                                "template",
                                "kind: ConfigMap\n",
                                "chart",
                                Map.of("path", "charts/api", "archive", packed))))));
        Response notAnArchive = http.postJson(
                "/api/v1/config/apply",
                Json.write(Map.of(
                        "applications",
                        List.of(Map.of("name", "api", "chart", Map.of("path", "charts/api", "archive", "AAAA"))))));
        Files.delete(platform.resolve("charts/apiserver/Chart.yaml"));
        Result cliRefused = cli.run("apply", "-f", platform.toString());
        Result noChart = cli.run(
                "release",
                "--application",
                "apiserver",
                "--chart",
                platform.resolve("charts/apiserver").toString());

        assertThat(unpacked.status()).as(unpacked.toString()).isEqualTo(400);
        assertThat(unpacked.json().path("message").asText())
                .contains("chart.path names a chart directory the server cannot read");
        assertThat(both.status()).as(both.toString()).isEqualTo(400);
        assertThat(both.json().path("message").asText()).contains("a template or from a chart, not both");
        assertThat(notAnArchive.status()).as(notAnArchive.toString()).isEqualTo(400);
        assertThat(notAnArchive.json().path("code").asText()).isEqualTo("INVALID_CHART");
        assertThat(cliRefused.exitCode()).isEqualTo(2);
        assertThat(cliRefused.err())
                .contains("applications/apiserver.yaml:4:3: chart.path: charts/apiserver is not a chart directory");
        assertThat(noChart.exitCode()).isEqualTo(2);
        assertThat(noChart.err()).contains("is a directory without a Chart.yaml");
        assertThat(http.get("/api/v1/applications/api").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/applications/apiserver").status()).isEqualTo(404);
    }

    private void write(String relative, String content) throws IOException {
        Path file = platform.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static Map<?, ?> deployment(String manifest) {
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(manifest)) {
            if (document instanceof Map<?, ?> map && "Deployment".equals(map.get("kind"))) {
                return map;
            }
        }
        throw new AssertionError("no Deployment in " + manifest);
    }

    private static Object image(Map<?, ?> deployment) {
        Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template");
        List<?> containers = (List<?>) ((Map<?, ?>) template.get("spec")).get("containers");
        return ((Map<?, ?>) containers.getFirst()).get("image");
    }
}
