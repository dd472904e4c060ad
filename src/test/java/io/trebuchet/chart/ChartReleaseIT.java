package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.trebuchet.core.Json;
import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.gitexport.TestingManifests;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingRegistry;
import io.trebuchet.testing.TestingServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
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
 * Chart releases against a running server: charts made with {@code helm create}, packaged, uploaded with the release,
 * rendered per environment from the layers of values, checked against the chart practices and exported as plain YAML.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ChartReleaseIT {
    private static final String RELEASES = "/api/v1/applications/mapserver/chart-releases";

    @Parameter
    Backend backend;

    @TempDir
    Path directory;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        // Charts are fetched only from the hosts the server is told (serve --chart-source): here the test's own.
        server = TestingServer.startConfigured(
                backend,
                databases,
                TestingServer::fastExport,
                config -> config.withChartSources(ChartSources.of(List.of("127.0.0.1"))));
        http = server.http();
        new TestingPlatform(http).threeStages();
        http.putJson("/api/v1/platform/values", "{\"values\": {\"podAnnotations\": {\"platform\": \"trebuchet\"}}}");
        Response declared = http.putJson(
                "/api/v1/applications/mapserver",
                Json.write(Map.of(
                        "team",
                        "maps",
                        "values",
                        Map.of("image", Map.of("repository", "registry.example.com/mapserver")),
                        "environmentValues",
                        Map.of("prod-de", Map.of("replicaCount", 3)),
                        "environments",
                        List.of("dev", "staging", "prod-de"))));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUploadedChartIsRenderedPerEnvironmentFromTheLayersAndTheReleaseValues() throws Exception {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));

        Response created = http.postMultipart(
                RELEASES,
                Multipart.form()
                        .bytes("chart", "mapserver-1.0.0.tgz", archive)
                        .field("chart_version", "1.0.0")
                        .field("values", "image:\n  tag: 2.4.1\n")
                        .field("source_commit_id", "abcdef1"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("environments")).extracting(JsonNode::asText).containsExactly("dev", "prod-de", "staging");
        String digest = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        assertThat(body.path("chart").path("digest").asText()).isEqualTo(digest);
        assertThat(body.path("chart").path("name").asText()).isEqualTo("mapserver");
        assertThat(body.path("chart").path("version").asText()).isEqualTo("1.0.0");
        assertThat(body.path("chart").path("reference").asText()).isEqualTo("upload:mapserver");
        assertThat(body.path("findings").path("prod-de")).isEmpty();

        JsonNode manifests =
                http.get("/api/v1/applications/mapserver/releases/1").json().path("manifests");
        Map<?, ?> dev = deployment(manifests.path("dev").asText());
        Map<?, ?> prod = deployment(manifests.path("prod-de").asText());
        assertThat(((Map<?, ?>) dev.get("spec")).get("replicas")).isEqualTo(1);
        assertThat(((Map<?, ?>) prod.get("spec")).get("replicas")).isEqualTo(3);
        assertThat(container(prod).get("image")).isEqualTo("registry.example.com/mapserver:2.4.1");
        assertThat(podMetadata(prod).get("annotations")).isEqualTo(Map.of("platform", "trebuchet"));

        JsonNode chart =
                http.get("/api/v1/applications/mapserver/releases/1/chart").json();
        assertThat(chart.path("digest").asText()).isEqualTo(digest);
        assertThat(chart.path("values").path("prod-de").path("replicaCount").asInt())
                .isEqualTo(3);
        assertThat(chart.path("values").path("dev").path("image").path("tag").asText())
                .isEqualTo("2.4.1");

        // dev follows latest: the rendered release runs there, and the export holds its plain YAML.
        TestingExport.awaitPushed(http);
        Path clone = TestingGit.clone(
                "file://" + server.dataDirectory().toAbsolutePath().resolve("manifests.git"), "main");
        SortedMap<String, String> files = TestingGit.files(clone);
        String exported = files.get("environments/dev/applications/mapserver/manifests/manifests.yaml");
        assertThat(exported).contains("image: \"registry.example.com/mapserver:2.4.1\"");
        assertThat(TestingManifests.kustomize(clone.resolve("environments/dev/applications/mapserver/manifests")))
                .contains("kind: Deployment")
                .contains("kind: Service");
    }

    @Test
    void theApplicationPageShowsTheChartOfEachReleaseAndHowItsValuesChanged() {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));
        for (String tag : List.of("2.4.1", "2.4.2")) {
            Response created = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .bytes("chart", "mapserver-1.0.0.tgz", archive)
                            .field("values", "image:\n  tag: " + tag + "\n"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }

        String first = http.get("/applications/mapserver?release=1").body();
        assertThat(first)
                .contains("<dt>Chart</dt>")
                .contains("mapserver 1.0.0")
                .contains("upload:mapserver")
                .contains("No values to compare with: there is no release before this one");

        String second = http.get("/applications/mapserver?release=2").body();
        // Every environment's image tag changed the same way: one group, naming them all.
        assertThat(second)
                .contains("<span class=\"env-name\">dev, staging, prod-de</span>")
                .contains(
                        "<code>image.tag</code>: <span class=\"removed\">2.4.1</span> → <span class=\"added\">2.4.2</span>")
                .doesNotContain("replicaCount</code>");
        // The list names the chart of each release.
        assertThat(second.split("class=\"tag chart\"", -1)).hasSize(3);
    }

    @Test
    void theSameChartAndValuesAgainAreTheSameRelease() {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));
        Multipart form = Multipart.form()
                .bytes("chart", "mapserver-1.0.0.tgz", archive)
                .field("version", "7")
                .field("values", "image:\n  tag: 2.4.1\n");
        assertThat(http.postMultipart(RELEASES, form).status()).isEqualTo(201);

        assertThat(http.postMultipart(RELEASES, form).status()).isEqualTo(200);
        Response different = http.postMultipart(
                RELEASES,
                Multipart.form()
                        .bytes("chart", "mapserver-1.0.0.tgz", archive)
                        .field("version", "7")
                        .field("values", "image:\n  tag: 2.4.2\n"));
        assertThat(different.status()).as(different.toString()).isEqualTo(409);
    }

    @Test
    void aChartThatDoesNotRenderNamesTheChartTheTemplateAndTheLineAndChangesNothing() {
        Path chart = TestingCharts.practical(directory, "mapserver");
        TestingCharts.write(
                chart,
                "templates/broken.yaml",
                "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: {{ .Values.nothing.deeper }}\n");
        long events = lastEventId();

        Response failed = http.postMultipart(
                RELEASES, Multipart.form().bytes("chart", "mapserver-1.0.0.tgz", TestingCharts.pack(chart)));

        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        assertThat(failed.code()).isEqualTo("CHART_RENDER_FAILED");
        JsonNode details = failed.json().path("details");
        assertThat(details.path("chart").asText()).isEqualTo("mapserver");
        assertThat(details.path("template").asText()).isEqualTo("mapserver/templates/broken.yaml");
        assertThat(details.path("line").asInt()).isEqualTo(4);
        assertThat(failed.json().path("message").asText())
                .contains("mapserver")
                .contains("templates/broken.yaml at line 4");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void chartPracticesAreJudgedByEachEnvironment() {
        byte[] asCreated = TestingCharts.pack(TestingCharts.created(directory, "mapserver"));

        Response warned =
                http.postMultipart(RELEASES, Multipart.form().bytes("chart", "mapserver-0.1.0.tgz", asCreated));

        assertThat(warned.status()).as(warned.toString()).isEqualTo(201);
        JsonNode findings = warned.json().path("findings");
        assertThat(findings.path("dev"))
                .extracting(finding -> finding.path("rule").asText())
                .contains("chart-resources", "chart-security-context")
                .doesNotContain("chart-stable-version");
        assertThat(findings.path("prod-de"))
                .extracting(finding -> finding.path("rule").asText())
                .contains("chart-stable-version");

        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"policies\":{\"chart-stable-version\":\"error\"}}");
        long events = lastEventId();
        Path preRelease = TestingCharts.practical(directory.resolve("pre"), "mapserver");
        TestingCharts.replaceLine(preRelease, "Chart.yaml", "version: .*", "version: 0.9.0");

        Response refused = http.postMultipart(
                RELEASES, Multipart.form().bytes("chart", "mapserver-0.9.0.tgz", TestingCharts.pack(preRelease)));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("POLICY_VIOLATION");
        JsonNode violation = refused.json().path("details").path("violations").get(0);
        assertThat(violation.path("environment").asText()).isEqualTo("prod-de");
        assertThat(violation.path("rule").asText()).isEqualTo("chart-stable-version");
        assertThat(violation.path("path").asText()).isEqualTo("mapserver/Chart.yaml: version");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void badChartsAreRefusedWithTheirCode() {
        assertThat(http.postMultipart(
                                RELEASES,
                                Multipart.form()
                                        .bytes(
                                                "chart",
                                                "x.tgz",
                                                "not a chart".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .code())
                .isEqualTo("INVALID_CHART");
        Response tooLarge =
                http.postMultipart(RELEASES, Multipart.form().bytes("chart", "x.tgz", new byte[1024 * 1024 + 1]));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo("CHART_TOO_LARGE");
        assertThat(http.postMultipart(
                                RELEASES,
                                Multipart.form()
                                        .field("chart", "oci://registry.example.com/mapserver")
                                        .field("chart_version", "1.0.0"))
                        .code())
                .isEqualTo("CHART_SOURCE_NOT_ALLOWED");
        assertThat(http.postMultipart(RELEASES, Multipart.form().field("chart", "oci://registry.example.com/mapserver"))
                        .code())
                .isEqualTo("INVALID_CHART");
        assertThat(http.postMultipart(RELEASES, Multipart.form().field("version", "1"))
                        .code())
                .isEqualTo("INVALID_CHART");
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));
        assertThat(http.postMultipart(
                                RELEASES,
                                Multipart.form()
                                        .bytes("chart", "mapserver.tgz", archive)
                                        .field("chart_version", "1.0.1"))
                        .code())
                .isEqualTo("INVALID_CHART");
        assertThat(http.postMultipart(
                                RELEASES,
                                Multipart.form()
                                        .bytes("chart", "mapserver.tgz", archive)
                                        .field("values", "- a list"))
                        .code())
                .isEqualTo("INVALID_VALUES");
        assertThat(http.get("/api/v1/applications/mapserver/releases/1/chart").code())
                .isEqualTo("RELEASE_NOT_FOUND");
    }

    @Test
    void theCommandLineReleasesAChartArchiveWithValues() throws Exception {
        Path archive = directory.resolve("mapserver-1.0.0.tgz");
        java.nio.file.Files.write(archive, TestingCharts.pack(TestingCharts.practical(directory, "mapserver")));
        Path values = directory.resolve("values.yaml");
        java.nio.file.Files.writeString(values, "image:\n  tag: 2.4.1\n");
        TestingCli cli = new TestingCli(server.baseUrl());

        Result released = cli.run(
                "release",
                "--application",
                "mapserver",
                "--chart",
                archive.toString(),
                "--chart-version",
                "1.0.0",
                "--values",
                values.toString());
        Result both =
                cli.run("release", "--application", "mapserver", "--chart", archive.toString(), "--parameter", "a=b");
        Result noVersion = cli.run(
                "release", "--application", "mapserver", "--chart", "oci://registry.example.com/charts/mapserver");

        assertThat(released.exitCode()).as(released.toString()).isZero();
        assertThat(released.out())
                .startsWith("Rendered chart mapserver 1.0.0 (sha256:")
                .contains("Created release 1 of mapserver.")
                .contains("Deployed to dev");
        assertThat(container(deployment(http.get("/api/v1/applications/mapserver/releases/1")
                                .json()
                                .path("manifests")
                                .path("staging")
                                .asText()))
                        .get("image"))
                .isEqualTo("registry.example.com/mapserver:2.4.1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("--chart-version is required");
    }

    @Test
    void aChartFromAClassicRepositoryIsFetchedByItsIndexCheckedAndRendered() throws Exception {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));
        String digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        String index = """
                apiVersion: v1
                entries:
                  mapserver:
                    - name: mapserver
                      version: 1.0.0
                      digest: %s
                      urls: [mapserver-1.0.0.tgz]
                    - name: mapserver
                      version: 1.0.1
                      digest: "0000000000000000000000000000000000000000000000000000000000000000"
                      urls: [mapserver-1.0.0.tgz]
                    - name: mapserver
                      version: 1.0.2
                      urls: ["http://169.254.169.254/latest/meta-data/mapserver-1.0.0.tgz"]
                    - name: mapserver
                      version: 1.0.3
                      urls: [moved.tgz]
                """.formatted(digest);
        HttpServer repository =
                HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        repository.createContext("/charts/", exchange -> {
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case "/charts/index.yaml" -> index.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                case "/charts/mapserver-1.0.0.tgz" -> archive;
                default -> null;
            };
            if (exchange.getRequestURI().getPath().equals("/charts/moved.tgz")) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                exchange.sendResponseHeaders(302, -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        repository.start();
        try {
            String url = "http://127.0.0.1:%d/charts"
                    .formatted(repository.getAddress().getPort());

            Response fetched = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", url)
                            .field("chart_version", "1.0.0")
                            .field("values", "image:\n  tag: 2.4.1\n"));
            Response wrongDigest = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", url)
                            .field("chart_version", "1.0.1"));
            Response noSuchVersion = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", url)
                            .field("chart_version", "2.0.0"));
            Response elsewhere = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", url)
                            .field("chart_version", "1.0.2"));
            Response redirectedElsewhere = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", url)
                            .field("chart_version", "1.0.3"));
            Response notASource = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", "https://charts.example.com/stable")
                            .field("chart_version", "1.0.0"));
            Response noSuchChart = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "tiles")
                            .field("repository", url)
                            .field("chart_version", "1.0.0"));

            assertThat(fetched.status()).as(fetched.toString()).isEqualTo(201);
            assertThat(fetched.json().path("chart").path("source").asText()).isEqualTo("repository");
            assertThat(fetched.json().path("chart").path("reference").asText()).isEqualTo(url + " mapserver");
            assertThat(fetched.json().path("chart").path("digest").asText()).isEqualTo("sha256:" + digest);
            assertThat(container(deployment(http.get("/api/v1/applications/mapserver/releases/1")
                                    .json()
                                    .path("manifests")
                                    .path("prod-de")
                                    .asText()))
                            .get("image"))
                    .isEqualTo("registry.example.com/mapserver:2.4.1");
            assertThat(wrongDigest.code()).isEqualTo("CHART_NOT_FOUND");
            assertThat(wrongDigest.json().path("message").asText()).contains("sha256");
            assertThat(noSuchVersion.status()).isEqualTo(422);
            assertThat(noSuchVersion.code()).isEqualTo("CHART_NOT_FOUND");
            assertThat(noSuchChart.code()).isEqualTo("CHART_NOT_FOUND");
            // The server requests no host it was not given: not one an index points to, a redirect, or a release.
            for (Response refused : List.of(elsewhere, redirectedElsewhere, notASource)) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
                assertThat(refused.code()).isEqualTo("CHART_SOURCE_NOT_ALLOWED");
                assertThat(refused.json().path("message").asText()).contains("--chart-source");
            }
            assertThat(elsewhere.json().path("details").path("host").asText()).isEqualTo("169.254.169.254");
            assertThat(notASource.json().path("details").path("host").asText()).isEqualTo("charts.example.com");
            assertThat(http.get("/api/v1/applications/mapserver/releases")
                            .json()
                            .path("releases"))
                    .hasSize(1);
        } finally {
            repository.stop(0);
        }
    }

    @Test
    void aChartPushedToAnOciRegistryIsPulledByItsReferenceAndVersion() throws Exception {
        byte[] archive = TestingCharts.pack(TestingCharts.practical(directory, "mapserver"));
        Path packaged = directory.resolve("mapserver-1.0.0.tgz");
        java.nio.file.Files.write(packaged, archive);
        try (TestingRegistry registry =
                TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.NONE)) {
            com.marcnuri.helm.Helm.push()
                    .withChart(packaged)
                    .withRemote(java.net.URI.create("oci://" + registry.host() + "/charts"))
                    .plainHttp()
                    .call();
            String reference = "oci://" + registry.host() + "/charts/mapserver";

            Response pulled = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", reference)
                            .field("chart_version", "1.0.0")
                            .field("values", "image:\n  tag: 2.4.1\n"));
            Response noSuchVersion = http.postMultipart(
                    RELEASES, Multipart.form().field("chart", reference).field("chart_version", "1.0.9"));

            assertThat(pulled.status()).as(pulled.toString()).isEqualTo(201);
            JsonNode chart = pulled.json().path("chart");
            assertThat(chart.path("source").asText()).isEqualTo("oci");
            assertThat(chart.path("reference").asText()).isEqualTo(reference);
            assertThat(chart.path("digest").asText())
                    .isEqualTo("sha256:"
                            + HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(archive)));
            assertThat(container(deployment(http.get("/api/v1/applications/mapserver/releases/1")
                                    .json()
                                    .path("manifests")
                                    .path("dev")
                                    .asText()))
                            .get("image"))
                    .isEqualTo("registry.example.com/mapserver:2.4.1");
            assertThat(noSuchVersion.status()).as(noSuchVersion.toString()).isEqualTo(422);
            assertThat(noSuchVersion.code()).isEqualTo("CHART_NOT_FOUND");
        }
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private static Map<?, ?> deployment(String manifest) {
        Load load = new Load(LoadSettings.builder().build());
        for (Object document : load.loadAllFromString(manifest)) {
            if (document instanceof Map<?, ?> object && "Deployment".equals(object.get("kind"))) {
                return object;
            }
        }
        throw new AssertionError("no Deployment in\n" + manifest);
    }

    private static Map<?, ?> podMetadata(Map<?, ?> deployment) {
        Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template");
        return (Map<?, ?>) template.get("metadata");
    }

    private static Map<?, ?> container(Map<?, ?> deployment) {
        Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template");
        List<?> containers = (List<?>) ((Map<?, ?>) template.get("spec")).get("containers");
        return (Map<?, ?>) containers.getFirst();
    }
}
