package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Json;
import io.trebuchet.gitexport.TestingExport;
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
import java.nio.charset.StandardCharsets;
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

/**
 * Charts from private registries and repositories ({@code serve --chart-credentials}): the server signs in to
 * Debian's docker-registry with basic authentication or through its token service, and to a classic repository with
 * basic authentication, with a password it reads from a file; the password reaches no answer, event or commit. The
 * server knows the registry as two chart sources, {@code 127.0.0.1} with credentials and {@code localhost} without.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ChartCredentialsIT {
    private static final String RELEASES = "/api/v1/applications/mapserver/chart-releases";
    private static final String BASIC = "Basic "
            + Base64.getEncoder()
                    .encodeToString(
                            (TestingRegistry.USER + ":" + TestingRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));

    @Parameter
    Backend backend;

    @TempDir
    Path directory;

    private Path passwordFile;
    private TestingServer server;
    private TestingHttp http;
    private byte[] archive;

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
        new TestingPlatform(http).threeStages();
        Response declared = http.putJson(
                "/api/v1/applications/mapserver",
                Json.write(Map.of("team", "maps", "environments", List.of("dev", "staging"))));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        archive = TestingCharts.pack(TestingCharts.practical(directory.resolve("chart"), "mapserver"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRegistryWithBasicAuthenticationIsPulledWithTheConfiguredCredentials() throws Exception {
        try (TestingRegistry registry =
                TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.BASIC)) {
            registry.pushChart("charts/mapserver", "1.0.0", archive);
            String port = registry.host().substring(registry.host().indexOf(':') + 1);

            Response signedIn = release("oci://127.0.0.1:" + port + "/charts/mapserver");
            Response anonymous = release("oci://localhost:" + port + "/charts/mapserver");
            Files.writeString(passwordFile, "not-the-password\n");
            Response wrongPassword = release("oci://127.0.0.1:" + port + "/charts/mapserver");

            assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(201);
            assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(422);
            assertThat(anonymous.code()).isEqualTo("CHART_NOT_FOUND");
            assertThat(anonymous.json().path("message").asText()).contains("--chart-credentials");
            // The password is read at each fetch: a rotated (here: wrong) one is used at once.
            assertThat(wrongPassword.code()).as(wrongPassword.toString()).isEqualTo("CHART_NOT_FOUND");
            assertThat(wrongPassword.json().path("message").asText()).contains("refused the configured credentials");
            assertThat(http.get("/api/v1/applications/mapserver/releases")
                            .json()
                            .path("releases"))
                    .hasSize(1);
            assertNoSecretAnywhere(List.of(signedIn, anonymous, wrongPassword));
        }
    }

    @Test
    void aRegistryWithATokenServiceGivesATokenAnonymouslyOrForTheConfiguredCredentials() throws Exception {
        try (TestingRegistry registry =
                TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.TOKEN)) {
            registry.pushChart("charts/mapserver", "1.0.0", archive);
            String port = registry.host().substring(registry.host().indexOf(':') + 1);

            // As ghcr.io gives public charts: an anonymous token for pull.
            Response anonymous = release("oci://localhost:" + port + "/charts/mapserver");
            int anonymousTokens = registry.tokenRequests();
            Response signedIn = release("oci://127.0.0.1:" + port + "/charts/mapserver");
            Files.writeString(passwordFile, "not-the-password\n");
            Response wrongPassword = release("oci://127.0.0.1:" + port + "/charts/mapserver");

            assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(201);
            assertThat(anonymousTokens).isEqualTo(1);
            assertThat(signedIn.status()).as(signedIn.toString()).isIn(200, 201);
            assertThat(registry.tokenRequests()).isEqualTo(3);
            assertThat(wrongPassword.code()).as(wrongPassword.toString()).isEqualTo("CHART_NOT_FOUND");
            assertThat(wrongPassword.json().path("message").asText()).contains("refused a token");
            assertNoSecretAnywhere(List.of(anonymous, signedIn, wrongPassword));
        }
    }

    @Test
    void aChartRepositoryWithBasicAuthenticationIsReadWithTheConfiguredCredentials() throws Exception {
        try (TestingChartRepository repository =
                TestingChartRepository.serve("mapserver", "1.0.0", archive, Optional.of(BASIC))) {
            Response signedIn = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", repository.url("127.0.0.1"))
                            .field("chart_version", "1.0.0"));
            Response anonymous = http.postMultipart(
                    RELEASES,
                    Multipart.form()
                            .field("chart", "mapserver")
                            .field("repository", repository.url("localhost"))
                            .field("chart_version", "1.0.0"));

            assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(201);
            assertThat(anonymous.code()).as(anonymous.toString()).isEqualTo("CHART_NOT_FOUND");
            assertThat(anonymous.json().path("message").asText()).contains("--chart-credentials");
            assertNoSecretAnywhere(List.of(signedIn, anonymous));
        }
    }

    private Response release(String reference) {
        return http.postMultipart(
                RELEASES, Multipart.form().field("chart", reference).field("chart_version", "1.0.0"));
    }

    /** Neither the password nor the header made of it is in an answer, the events, or the manifest repository. */
    private void assertNoSecretAnywhere(List<Response> answers) {
        StringBuilder seen = new StringBuilder();
        answers.forEach(answer -> seen.append(answer.toString()).append('\n'));
        seen.append(http.get("/api/v1/events?limit=1000").toString()).append('\n');
        seen.append(http.get("/api/v1/applications/mapserver/releases/1/chart").toString())
                .append('\n');
        TestingExport.awaitPushed(http);
        TestingGit.files(TestingGit.clone(
                        "file://" + server.dataDirectory().toAbsolutePath().resolve("manifests.git"), "main"))
                .values()
                .forEach(seen::append);
        assertThat(seen.toString())
                .contains("mapserver")
                .doesNotContain(TestingRegistry.PASSWORD)
                .doesNotContain(BASIC.substring("Basic ".length()));
    }
}
