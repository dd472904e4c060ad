package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingChartRepository;
import io.trebuchet.testing.TestingCharts;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingRegistry;
import io.trebuchet.testing.TestingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

/**
 * Chart subscriptions against Debian's docker-registry (charts pushed as OCI artifacts, basic authentication with the
 * server's chart credentials) and a classic chart repository: the highest version in range is released by {@code
 * chart-automation} and auto-deployed; a pre-release only when the subscription considers them, and it runs only in
 * the environment that allows pre-release charts; a rollback holds; a failing scan changes nothing.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ChartSubscriptionIT {
    private static final String SUBSCRIPTION = "/api/v1/applications/mapserver/chart-subscriptions/chart";

    @Parameter
    Backend backend;

    @TempDir
    Path directory;

    private Path passwordFile;
    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) throws Exception {
        passwordFile = directory.resolve("registry-password");
        Files.writeString(passwordFile, TestingRegistry.PASSWORD + "\n");
        server = TestingServer.startConfigured(
                backend,
                databases,
                TestingServer::fastExport,
                config -> config.withChartSources(ChartSources.of(List.of("127.0.0.1", "localhost"))
                        .withCredentials(List.of("127.0.0.1=" + TestingRegistry.USER + ":" + passwordFile))));
        http = server.http();
        new TestingPlatform(http)
                .environment("dev", "{\"upstream\":{\"latest\":true},\"allowPrereleaseCharts\":true}")
                .environment("test", "{\"upstream\":{\"latest\":true}}");
        for (String application : List.of("mapserver", "tiles")) {
            Response declared = http.putJson(
                    "/api/v1/applications/" + application,
                    Json.write(Map.of("team", "maps", "environments", List.of("dev", "test"))));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void newVersionsInRangeAreReleasedPreReleasesOnlyWhereAllowedAndARollbackHolds() throws Exception {
        try (TestingRegistry registry =
                TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.BASIC)) {
            for (String version : List.of("1.0.0", "1.1.0", "2.0.0", "1.2.0-dev.1")) {
                registry.pushChart("charts/mapserver", version, chart("mapserver", version));
            }
            String port = registry.host().substring(registry.host().indexOf(':') + 1);
            String reference = "oci://127.0.0.1:" + port + "/charts/mapserver";

            // The highest stable version in ^1.0 is 1.1.0; 2.0.0 is out of range, the pre-release not considered.
            put(SUBSCRIPTION, Map.of("chart", reference, "version", "^1.0", "interval", "1h"));
            JsonNode first = scan(SUBSCRIPTION);
            assertThat(first.path("scan").path("lastError").isMissingNode())
                    .as(first.toString())
                    .isTrue();
            assertThat(first.path("scan").path("releasedChartVersion").asText()).isEqualTo("1.1.0");
            assertThat(first.path("scan").path("releasedVersion").asLong()).isEqualTo(1);
            assertThat(first.path("scan").path("outcome").asText())
                    .startsWith("released chart 1.1.0 as version 1: ")
                    .contains("deployed to dev")
                    .contains("deployed to test");
            assertThat(running("mapserver", "dev")).isEqualTo(1);
            assertThat(running("mapserver", "test")).isEqualTo(1);
            assertThat(environment("mapserver", "dev")
                            .path("deployedBy")
                            .path("name")
                            .asText())
                    .isEqualTo("chart-automation");
            // Scanning again changes nothing.
            assertThat(scan(SUBSCRIPTION).path("scan").path("releasedVersion").asLong())
                    .isEqualTo(1);
            assertThat(releases("mapserver")).isEqualTo(1);

            // Pre-releases considered: 1.2.0-dev.1 is released, and runs only in dev.
            put(SUBSCRIPTION, Map.of("chart", reference, "version", "^1.0", "interval", "1h", "preReleases", true));
            JsonNode preRelease = scan(SUBSCRIPTION);
            assertThat(preRelease.path("scan").path("releasedChartVersion").asText())
                    .isEqualTo("1.2.0-dev.1");
            assertThat(preRelease.path("scan").path("releasedVersion").asLong()).isEqualTo(2);
            assertThat(preRelease.path("scan").path("outcome").asText())
                    .startsWith("released chart 1.2.0-dev.1 as version 2: ")
                    .contains("deployed to dev")
                    .contains("not deployed to test (release 2 of mapserver was rendered from the pre-release chart")
                    .contains("allowPrereleaseCharts: true");
            assertThat(running("mapserver", "dev")).isEqualTo(2);
            assertThat(running("mapserver", "test")).isEqualTo(1);

            // A person cannot deploy it to test either, and is told why and how to allow it.
            Response refused =
                    http.postJson("/api/v1/environments/test/applications/mapserver/deploy", "{\"version\": 2}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("PRERELEASE_CHART_NOT_ALLOWED");
            assertThat(refused.json().path("message").asText())
                    .contains("pre-release chart version 1.2.0-dev.1")
                    .contains("allowPrereleaseCharts: true");
            assertThat(running("mapserver", "test")).isEqualTo(1);

            // A person rolls dev back to 1: the next chart version is released, runs in test, and waits in dev.
            Response rollback = http.postJsonWithHeaders(
                    "/api/v1/environments/dev/applications/mapserver/deploy",
                    "{\"version\": 1}",
                    TestingHttp.author("Ops Person", "ops@example.com"));
            assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
            registry.pushChart("charts/mapserver", "1.3.0", chart("mapserver", "1.3.0"));
            JsonNode held = scan(SUBSCRIPTION);
            assertThat(held.path("scan").path("releasedChartVersion").asText()).isEqualTo("1.3.0");
            assertThat(held.path("scan").path("releasedVersion").asLong()).isEqualTo(3);
            assertThat(held.path("scan").path("outcome").asText())
                    .contains("queued in dev (")
                    .contains("held at version 1")
                    .contains("deployed to test");
            assertThat(running("mapserver", "dev")).isEqualTo(1);
            assertThat(running("mapserver", "test")).isEqualTo(3);

            // Bad credentials: the scan records the error and changes nothing.
            registry.pushChart("charts/mapserver", "1.4.0", chart("mapserver", "1.4.0"));
            Files.writeString(passwordFile, "not-the-password\n");
            JsonNode refusedScan = scan(SUBSCRIPTION);
            assertThat(refusedScan.path("scan").path("lastError").asText())
                    .contains("refused the configured credentials");
            assertThat(refusedScan.path("scan").path("releasedChartVersion").asText())
                    .isEqualTo("1.3.0");
            assertThat(releases("mapserver")).isEqualTo(3);
            assertThat(running("mapserver", "test")).isEqualTo(3);

            // An unknown chart: the same.
            Files.writeString(passwordFile, TestingRegistry.PASSWORD + "\n");
            String unknown = "/api/v1/applications/mapserver/chart-subscriptions/unknown";
            put(unknown, Map.of("chart", "oci://127.0.0.1:" + port + "/charts/nothing", "interval", "1h"));
            JsonNode missing = scan(unknown);
            assertThat(missing.path("scan").path("lastError").asText()).contains("charts/nothing");
            assertThat(missing.path("scan").path("releasedVersion").isMissingNode())
                    .isTrue();
            assertThat(releases("mapserver")).isEqualTo(3);
        }
    }

    @Test
    void aClassicRepositoryIsReadFromItsIndex() throws Exception {
        Map<String, byte[]> versions = new LinkedHashMap<>();
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0", "1.2.0-dev.1")) {
            versions.put(version, chart("tiles", version));
        }
        try (TestingChartRepository repository = TestingChartRepository.serve("tiles", versions, Optional.empty())) {
            String path = "/api/v1/applications/tiles/chart-subscriptions/tiles";
            put(
                    path,
                    Map.of(
                            "chart",
                            "tiles",
                            "repository",
                            repository.url("localhost"),
                            "version",
                            ">=1.0.0 <2.0.0",
                            "interval",
                            "1h"));
            JsonNode scanned = scan(path);
            assertThat(scanned.path("scan").path("releasedChartVersion").asText())
                    .as(scanned.toString())
                    .isEqualTo("1.1.0");
            assertThat(running("tiles", "dev")).isEqualTo(1);
            assertThat(http.get("/api/v1/chart-subscriptions").json().path("chartSubscriptions"))
                    .hasSize(1);
        }
    }

    @Test
    void anInvalidSubscriptionIsRefusedAndNothingChanges() {
        String path = "/api/v1/applications/mapserver/chart-subscriptions/chart";
        Map<String, Map<String, Object>> invalid = Map.of(
                "bad range", Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver", "version", "^^1"),
                "bad reference", Map.of("chart", "oci://"),
                "name without repository", Map.of("chart", "mapserver"),
                "short interval", Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver", "interval", "1s"),
                "not an interval", Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver", "interval", "soon"),
                "unknown field", Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver", "tag", "1.0.0"),
                "preReleases not a boolean",
                        Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver", "preReleases", "yes"));
        invalid.forEach((what, body) -> {
            Response response = http.putJson(path, Json.write(body));
            assertThat(response.status()).as(what + ": " + response).isEqualTo(400);
            assertThat(response.code()).as(what).isEqualTo("INVALID_CHART_SUBSCRIPTION");
        });
        Response badName = http.putJson(
                "/api/v1/applications/mapserver/chart-subscriptions/Bad_Name",
                Json.write(Map.of("chart", "oci://127.0.0.1:5000/charts/mapserver")));
        assertThat(badName.code()).isEqualTo("INVALID_CHART_SUBSCRIPTION");
        assertThat(http.get(path).code()).isEqualTo("CHART_SUBSCRIPTION_NOT_FOUND");
        assertThat(http.get("/api/v1/chart-subscriptions").json().path("chartSubscriptions"))
                .isEmpty();
    }

    @Test
    void aRegistryNotificationScansTheSubscriptionsOfThePushedRepositoryAtOnce() throws Exception {
        try (TestingRegistry registry =
                TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.BASIC)) {
            registry.pushChart("charts/mapserver", "1.0.0", chart("mapserver", "1.0.0"));
            put(SUBSCRIPTION, Map.of("chart", "oci://" + registry.host() + "/charts/mapserver", "interval", "1h"));
            assertThat(scan(SUBSCRIPTION)
                            .path("scan")
                            .path("releasedChartVersion")
                            .asText())
                    .isEqualTo("1.0.0");
            registry.pushChart("charts/mapserver", "1.1.0", chart("mapserver", "1.1.0"));

            // A push to another repository, or to the same path on another registry, scans nothing.
            assertThat(notify(registry.host(), "charts/tiles").path("scannedCharts"))
                    .isEmpty();
            assertThat(notify("registry.example.com", "charts/mapserver").path("scannedCharts"))
                    .isEmpty();
            assertThat(releases("mapserver")).isEqualTo(1);

            // The push of the chart's repository: its subscription is scanned now, not in an hour.
            JsonNode notified = notify(registry.host(), "charts/mapserver");
            assertThat(notified.path("scannedCharts")).as(notified.toString()).hasSize(1);
            JsonNode scanned = notified.path("scannedCharts").get(0);
            assertThat(scanned.path("application").asText()).isEqualTo("mapserver");
            assertThat(scanned.path("scan").path("releasedChartVersion").asText())
                    .isEqualTo("1.1.0");
            assertThat(running("mapserver", "dev")).isEqualTo(2);
            assertThat(notified.path("scanned")).isEmpty();
        }
    }

    /** distribution's envelope for a push of {@code repository} through {@code host}. */
    private JsonNode notify(String host, String repository) {
        String envelope = Json.write(Map.of(
                "events",
                List.of(Map.of(
                        "action",
                        "push",
                        "target",
                        Map.of("repository", repository, "mediaType", "application/vnd.oci.image.manifest.v1+json"),
                        "request",
                        Map.of("host", host)))));
        Response response = http.postWithContentType(
                "/api/v1/image-sources/notifications", "application/vnd.docker.distribution.events.v1+json", envelope);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private byte[] chart(String name, String version) {
        Path chart = TestingCharts.practical(directory.resolve(name + "-" + version), name);
        if (!version.equals("1.0.0")) {
            TestingCharts.replaceLine(chart, "Chart.yaml", "version: .*", "version: " + version);
        }
        return TestingCharts.pack(chart);
    }

    private void put(String path, Map<String, Object> body) {
        Response response = http.putJson(path, Json.write(body));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private JsonNode scan(String path) {
        Response response = http.post(path + "/scan");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode environment(String application, String environment) {
        return http.get("/api/v1/applications/" + application)
                .json()
                .path("environments")
                .path(environment);
    }

    private long running(String application, String environment) {
        return environment(application, environment).path("version").asLong();
    }

    private int releases(String application) {
        return http.get("/api/v1/applications/" + application + "/releases")
                .json()
                .path("releases")
                .size();
    }
}
