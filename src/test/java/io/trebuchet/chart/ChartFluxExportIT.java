package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.trebuchet.core.Json;
import io.trebuchet.gitexport.ChartOutput;
import io.trebuchet.gitexport.ExportMode;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.gitexport.TestingManifests;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingChartRepository;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingRegistry;
import io.trebuchet.testing.TestingServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export's HelmRelease output ({@code serve --export-mode flux --chart-output helmrelease}) against a running
 * server: charts pulled from Debian's docker-registry and from a classic chart repository are written as their Flux
 * source and a HelmRelease with the merged values, valid against Flux's CRDs and built with {@code kubectl kustomize};
 * an uploaded chart, which Flux could not fetch, keeps its rendered manifests.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ChartFluxExportIT {
    @Parameter
    Backend backend;

    @TempDir
    Path directory;

    private Path remote;
    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        remote = TestingGit.newBareRepository();
        server = TestingServer.startConfigured(
                backend,
                databases,
                data -> ExportSettings.of(remote.toString(), data)
                        .withMode(ExportMode.FLUX)
                        .withChartOutput(ChartOutput.HELMRELEASE)
                        .withFluxSource("platform-manifests", "flux-system")
                        .withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO),
                config -> config.withChartSources(ChartSources.of(List.of("127.0.0.1"))));
        http = server.http();
        new TestingPlatform(http).threeStages();
        for (String application : List.of("mapserver", "tiles", "uploaded")) {
            Response declared = http.putJson(
                    "/api/v1/applications/" + application,
                    Json.write(Map.of(
                            "team",
                            "maps",
                            "values",
                            Map.of("image", Map.of("repository", "registry.example.com/" + application)),
                            "environmentValues",
                            Map.of("dev", Map.of("replicaCount", 2)),
                            "environments",
                            List.of("dev", "staging"))));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void chartsFluxCanFetchAreExportedAsHelmReleasesWithTheMergedValues() throws Exception {
        byte[] mapserver = TestingCharts.pack(TestingCharts.practical(directory.resolve("oci"), "mapserver"));
        byte[] tiles = TestingCharts.pack(TestingCharts.practical(directory.resolve("repository"), "tiles"));
        byte[] uploaded = TestingCharts.pack(TestingCharts.practical(directory.resolve("upload"), "uploaded"));
        Path packaged = directory.resolve("mapserver-1.0.0.tgz");
        Files.write(packaged, mapserver);
        try (TestingChartRepository repository =
                        TestingChartRepository.serve("tiles", "1.0.0", tiles, Optional.empty());
                TestingRegistry registry =
                        TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.NONE)) {
            Helm.push()
                    .withChart(packaged)
                    .withRemote(URI.create("oci://" + registry.host() + "/charts"))
                    .plainHttp()
                    .call();
            String reference = "oci://" + registry.host() + "/charts/mapserver";
            String repositoryUrl = repository.url("127.0.0.1");

            release("mapserver", Multipart.form().field("chart", reference));
            release("tiles", Multipart.form().field("chart", "tiles").field("repository", repositoryUrl));
            release("uploaded", Multipart.form().bytes("chart", "uploaded-1.0.0.tgz", uploaded));

            TestingExport.awaitPushed(http);
            Path clone = TestingGit.clone(remote.toUri().toString(), "main");
            SortedMap<String, String> files = TestingGit.files(clone);

            // Three Kustomizations in flux/dev.yaml, an OCIRepository, a HelmRepository and two HelmReleases.
            assertThat(TestingManifests.check(files)).isEqualTo(7);
            List<Map<String, Object>> oci = objects(files, "mapserver");
            assertThat(oci).extracting(object -> object.get("kind")).containsExactly("OCIRepository", "HelmRelease");
            JsonNode ociSource = Json.mapper().valueToTree(oci.get(0)).path("spec");
            assertThat(ociSource.path("url").asText()).isEqualTo(reference);
            assertThat(ociSource.path("ref").path("tag").asText()).isEqualTo("1.0.0");
            assertThat(ociSource.path("insecure").asBoolean()).isTrue();
            JsonNode ociRelease = Json.mapper().valueToTree(oci.get(1)).path("spec");
            assertThat(ociRelease.path("chartRef").path("kind").asText()).isEqualTo("OCIRepository");
            assertThat(ociRelease.path("chartRef").path("name").asText()).isEqualTo("mapserver");
            assertThat(ociRelease.path("releaseName").asText()).isEqualTo("mapserver");
            // The values Trebuchet merged for dev: the application's, dev's and the release's own.
            assertThat(ociRelease.path("values"))
                    .isEqualTo(Json.mapper()
                            .readTree("{\"image\": {\"repository\": \"registry.example.com/mapserver\","
                                    + " \"tag\": \"2.4.1\"}, \"replicaCount\": 2}"));

            List<Map<String, Object>> classic = objects(files, "tiles");
            assertThat(classic)
                    .extracting(object -> object.get("kind"))
                    .containsExactly("HelmRepository", "HelmRelease");
            assertThat(Json.mapper()
                            .valueToTree(classic.get(0))
                            .path("spec")
                            .path("url")
                            .asText())
                    .isEqualTo(repositoryUrl);
            JsonNode chart = Json.mapper()
                    .valueToTree(classic.get(1))
                    .path("spec")
                    .path("chart")
                    .path("spec");
            assertThat(chart.path("chart").asText()).isEqualTo("tiles");
            assertThat(chart.path("version").asText()).isEqualTo("1.0.0");
            assertThat(chart.path("sourceRef").path("kind").asText()).isEqualTo("HelmRepository");

            // What Flux builds: its Kustomizations, and the directory each of them applies.
            assertThat(TestingManifests.kustomize(clone.resolve("flux"))).contains("name: dev-mapserver");
            assertThat(TestingManifests.kustomize(manifests(clone, "mapserver")))
                    .contains("kind: OCIRepository")
                    .contains("kind: HelmRelease");
            assertThat(TestingManifests.kustomize(manifests(clone, "tiles")))
                    .contains("kind: HelmRepository")
                    .contains("kind: HelmRelease");
            assertThat(TestingManifests.kustomize(manifests(clone, "uploaded")))
                    .contains("kind: Deployment")
                    .doesNotContain("HelmRelease");

            // Rendering everything from scratch gives the tree the incremental export wrote.
            Response rerender = http.postJson("/api/v1/export/rerender", "");
            assertThat(rerender.status()).as(rerender.toString()).isEqualTo(200);
            assertThat(rerender.json().path("changed").asBoolean()).isFalse();
        }
    }

    private void release(String application, Multipart form) {
        Response created = http.postMultipart(
                "/api/v1/applications/%s/chart-releases".formatted(application),
                form.field("chart_version", "1.0.0").field("values", "image:\n  tag: 2.4.1\n"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static Path manifests(Path clone, String application) {
        return clone.resolve("environments/dev/applications/" + application + "/manifests");
    }

    private static List<Map<String, Object>> objects(SortedMap<String, String> files, String application) {
        String path = "environments/dev/applications/" + application + "/manifests/manifests.yaml";
        return TestingManifests.documents(path, files.get(path)).stream()
                .map(document -> {
                    @SuppressWarnings("unchecked") // YAML mappings load as maps with string keys
                    Map<String, Object> object = (Map<String, Object>) document;
                    return object;
                })
                .toList();
    }
}
