package io.trebuchet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.gitexport.ChartOutput;
import io.trebuchet.gitexport.ExportMode;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.gitexport.TestingManifests;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The template examples and their chart-based variants, loaded as users would: the platform directory applied
 * with the CLI, releases by parameters, trains to production; what the git export writes parses, validates and passes the policies that
 * production treats as errors.
 */
@ExtendWith(TestingDatabases.class)
class ExamplePlatformsIT {
    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        http = server.http();
        cli = new TestingCli(http.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void geocubeRendersWithMandatoryParametersAndPassesProductionPolicies() {
        apply("examples/geocube");

        Response missing = http.postJson("/api/v1/applications/apiserver/releases", "{\"parameters\": {}}");
        assertThat(missing.code()).isEqualTo("MISSING_PARAMETERS");
        assertThat(missing.json()
                        .path("details")
                        .path("missing")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("image.tag");

        for (String application : List.of("database", "pubsub", "apiserver", "consolidater", "autoscaler")) {
            release(application, "{\"parameters\": {\"image\": {\"tag\": \"1.3.0\"}}}");
        }
        train("/api/v1/environments/staging/train");
        train("/api/v1/environments/production/train");

        SortedMap<String, String> files = exported();
        String database = files.get("environments/production/applications/database/manifests/manifests.yaml");
        assertThat(database).contains("max_connections=1024", "storage: \"200Gi\"");
        String autoscaler = files.get("environments/production/applications/autoscaler/manifests/manifests.yaml");
        assertThat(autoscaler).contains("-ratio=1", "-minratio=0.5", "-step=2", "-min=1", "-max=50");
        assertThat(files.get("environments/dev/applications/apiserver/manifests/manifests.yaml"))
                .contains("-ingestionStorage=gs://geocube-dev-ingestion", "-dbHost=database.geocube.svc.cluster.local");
        assertThat(productionManifests(files, "production"))
                .hasSize(5)
                .allSatisfy(manifest -> assertThat(PolicyCheck.check(manifest)).isEmpty());
        assertThat(TestingManifests.check(files)).isPositive();
    }

    @Test
    void geocubeFromChartsRendersTheSameManifestsAndPassesTheChartPractices() {
        apply("examples/geocube-charts");

        for (String application : List.of("database", "pubsub", "apiserver", "consolidater", "autoscaler")) {
            JsonNode released = releaseJson(application, "{\"parameters\": {\"image.tag\": \"1.3.0\"}}");
            assertThat(released.path("chart").path("name").asText()).isEqualTo(application);
            assertThat(released.path("chart").path("reference").asText()).isEqualTo("upload:" + application);
            assertThat(released.path("findings").path("production"))
                    .as(released.toString())
                    .isEmpty();
        }
        train("/api/v1/environments/staging/train");
        train("/api/v1/environments/production/train");

        SortedMap<String, String> files = exported();
        String database = files.get("environments/production/applications/database/manifests/manifests.yaml");
        assertThat(database).contains("max_connections=1024", "storage: \"200Gi\"", "image: \"postgres:16.4\"");
        String autoscaler = files.get("environments/production/applications/autoscaler/manifests/manifests.yaml");
        assertThat(autoscaler).contains("-ratio=1", "-minratio=0.5", "-step=2", "-min=1", "-max=50");
        assertThat(files.get("environments/production/applications/apiserver/manifests/manifests.yaml"))
                .contains("replicas: 3", "registry.example.com/geocube/geocube-server:1.3.0");
        assertThat(files.get("environments/dev/applications/apiserver/manifests/manifests.yaml"))
                .contains("-ingestionStorage=gs://geocube-dev-ingestion", "-dbHost=database.geocube.svc.cluster.local");
        assertThat(productionManifests(files, "production"))
                .hasSize(5)
                .allSatisfy(manifest -> assertThat(PolicyCheck.check(manifest)).isEmpty());
        assertThat(TestingManifests.check(files)).isPositive();
    }

    /**
     * With Flux HelmRelease output, a chart from the platform directory is exported as rendered manifests, as an
     * uploaded chart is: a HelmRelease cannot name a directory on the machine that ran apply, and Flux could not fetch
     * the archive the server keeps.
     */
    @Test
    void geocubeFromChartsKeepsRenderedManifestsWithHelmReleaseOutput(TestingDatabases databases) {
        server.close();
        Path remote = TestingGit.newBareRepository();
        server = TestingServer.startConfigured(
                Backend.POSTGRESQL,
                databases,
                data -> ExportSettings.of(remote.toString(), data)
                        .withMode(ExportMode.FLUX)
                        .withChartOutput(ChartOutput.HELMRELEASE)
                        .withFluxSource("platform-manifests", "flux-system")
                        .withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO),
                config -> config);
        http = server.http();
        cli = new TestingCli(http.baseUrl());
        apply("examples/geocube-charts");

        releaseJson("apiserver", "{\"parameters\": {\"image.tag\": \"1.3.0\"}}");

        TestingExport.awaitPushed(http);
        SortedMap<String, String> files = TestingGit.files(TestingGit.clone(remote.toString(), "main"));
        String apiserver = files.get("environments/dev/applications/apiserver/manifests/manifests.yaml");
        assertThat(apiserver)
                .contains("kind: Deployment", "registry.example.com/geocube/geocube-server:1.3.0")
                .doesNotContain("HelmRelease");
        assertThat(TestingManifests.check(files)).isPositive();
    }

    @Test
    void geoplatformTakesDefaultsFromTheStackAndOverridesPerEnvironment() {
        apply("examples/geoplatform");
        JsonNode values = http.get("/api/v1/applications/mapserver/values?environment=prod-eu")
                .json()
                .path("values");
        assertThat(values.path("mapserver.tag").path("layer").asText()).isEqualTo("stack");
        assertThat(values.path("mapserver.replicas").path("layer").asText()).isEqualTo("application-environment");
        assertThat(values.path("resources.memory").path("source").asText()).isEqualTo("environment prod-eu");

        for (String application : List.of("mapserver", "tiles", "redis")) {
            release(application, "{}");
        }
        JsonNode train =
                http.post("/api/v1/environment-groups/production/train").json();
        assertThat(train.path("environments")).hasSize(2);

        SortedMap<String, String> files = exported();
        assertThat(files.get("environments/prod-eu/applications/tiles/manifests/manifests.yaml"))
                .contains("replicas: 4", "https://maps.example.eu/tiles/");
        assertThat(files.get("environments/prod-us/applications/tiles/manifests/manifests.yaml"))
                .contains("replicas: 1", "https://maps.example.com/tiles/");
        assertThat(files.get("environments/dev/applications/mapserver/manifests/manifests.yaml"))
                .contains("cpu: \"100m\"");
        for (String environment : List.of("prod-eu", "prod-us")) {
            assertThat(productionManifests(files, environment))
                    .hasSize(3)
                    .allSatisfy(
                            manifest -> assertThat(PolicyCheck.check(manifest)).isEmpty());
        }
        assertThat(TestingManifests.check(files)).isPositive();
    }

    @Test
    void geoplatformFromChartsTakesTheSameLayersInTheChartsShape() {
        apply("examples/geoplatform-charts");

        for (String application : List.of("mapserver", "tiles", "redis")) {
            JsonNode released = releaseJson(application, "{}");
            assertThat(released.path("chart").path("name").asText()).isEqualTo(application);
            assertThat(released.path("findings").path("prod-eu"))
                    .as(released.toString())
                    .isEmpty();
        }
        JsonNode train =
                http.post("/api/v1/environment-groups/production/train").json();
        assertThat(train.path("environments")).hasSize(2);

        SortedMap<String, String> files = exported();
        assertThat(files.get("environments/prod-eu/applications/tiles/manifests/manifests.yaml"))
                .contains("replicas: 4", "https://maps.example.eu/tiles/", "maptiler/tileserver-gl:v4.7.1");
        assertThat(files.get("environments/prod-us/applications/tiles/manifests/manifests.yaml"))
                .contains("replicas: 1", "https://maps.example.com/tiles/");
        assertThat(files.get("environments/prod-eu/applications/redis/manifests/manifests.yaml"))
                .contains("redis:7.4.2", "cpu: 500m");
        assertThat(files.get("environments/dev/applications/mapserver/manifests/manifests.yaml"))
                .contains("cpu: 100m", "camptocamp/mapserver:8.2.2", "https://maps.dev.example.com/wms");
        for (String environment : List.of("prod-eu", "prod-us")) {
            assertThat(productionManifests(files, environment))
                    .hasSize(3)
                    .allSatisfy(
                            manifest -> assertThat(PolicyCheck.check(manifest)).isEmpty());
        }
        assertThat(TestingManifests.check(files)).isPositive();
    }

    private void apply(String directory) {
        TestingCli.Result applied = cli.run("apply", "-f", directory);
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        TestingCli.Result again = cli.run("diff", "-f", directory);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).as("a second apply would change nothing").startsWith("No differences");
    }

    private void release(String application, String body) {
        releaseJson(application, body);
    }

    private JsonNode releaseJson(String application, String body) {
        Response release = http.postJson("/api/v1/applications/" + application + "/releases", body);
        assertThat(release.status()).as(release.toString()).isEqualTo(201);
        return release.json();
    }

    private void train(String path) {
        JsonNode train = http.post(path).json().path("environments").get(0);
        assertThat(train.has("skipped")).as(train.toString()).isFalse();
        train.path("applications")
                .forEach(step ->
                        assertThat(step.has("skipped")).as(step.toString()).isFalse());
    }

    private SortedMap<String, String> exported() {
        TestingExport.awaitPushed(http);
        Path clone = TestingGit.clone(
                "file://" + server.dataDirectory().toAbsolutePath().resolve("manifests.git"), "main");
        return TestingGit.files(clone);
    }

    private static List<String> productionManifests(Map<String, String> files, String environment) {
        return files.entrySet().stream()
                .filter(file -> file.getKey().startsWith("environments/" + environment + "/applications/")
                        && file.getKey().endsWith("manifests.yaml"))
                .map(Map.Entry::getValue)
                .toList();
    }
}
