package io.trebuchet.release;

import static io.trebuchet.testing.TestingHttp.author;
import static io.trebuchet.testing.TestingPlatform.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ReleaseApiIT {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Parameter
    Backend backend;

    @TempDir
    Path files;

    private TestingServer server;
    private TestingHttp http;
    private TestingPlatform platform;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        platform = new TestingPlatform(http).threeStages();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void kuberpultCiScriptCreatesReleaseAndDeploysToLatestEnvironments() throws Exception {
        Path dev = write("dev.yaml", manifest("checkout", "dev"));
        Path staging = write("staging.yaml", manifest("checkout", "staging"));
        String name = Base64.getEncoder().encodeToString("Jane Doe".getBytes(StandardCharsets.UTF_8));
        String email = Base64.getEncoder().encodeToString("jane@example.com".getBytes(StandardCharsets.UTF_8));

        // The request exactly as Kuberpult's create-release.sh sends it, including its malformed -H.
        CurlResult result = curl(
                "-f",
                "-X",
                "POST",
                "-H",
                "multipart/form-data",
                "-H",
                "author-email:" + email,
                "-H",
                "author-name:" + name,
                "--form-string",
                "application=checkout",
                "--form-string",
                "source_commit_id=" + COMMIT,
                "--form-string",
                "source_author=Jane Doe <jane@example.com>",
                "--form-string",
                "source_message=Add payment\nwith a second line",
                "--form-string",
                "version=42",
                "--form-string",
                "display_version=v1.4.2",
                "--form-string",
                "team=payments",
                "-F",
                "manifests[dev]=@" + dev,
                "-F",
                "manifests[staging]=@" + staging,
                http.baseUrl() + "/release");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.status()).isEqualTo(201);
        JsonNode body = result.json();
        assertThat(body.path("application").asText()).isEqualTo("checkout");
        assertThat(body.path("version").asLong()).isEqualTo(42);
        assertThat(body.path("status").asText()).isEqualTo("created");

        JsonNode release = http.get("/api/v1/applications/checkout/releases/42").json();
        assertThat(release.path("manifests").path("dev").asText()).isEqualTo(manifest("checkout", "dev"));
        assertThat(release.path("manifests").path("staging").asText()).isEqualTo(manifest("checkout", "staging"));
        assertThat(release.path("sourceCommitId").asText()).isEqualTo(COMMIT);
        assertThat(release.path("sourceMessage").asText()).isEqualTo("Add payment\nwith a second line");
        assertThat(release.path("displayVersion").asText()).isEqualTo("v1.4.2");
        assertThat(release.path("createdBy").path("name").asText()).isEqualTo("Jane Doe");

        // dev follows latest and gets it at once; staging follows dev and waits for a train.
        JsonNode application = http.get("/api/v1/applications/checkout").json();
        assertThat(application.path("team").asText()).isEqualTo("payments");
        assertThat(application.path("environments").path("dev").path("version").asLong())
                .isEqualTo(42);
        assertThat(application.path("environments").path("dev").path("reason").asText())
                .isEqualTo("auto");
        assertThat(application.path("environments").has("staging")).isFalse();

        JsonNode events = http.get("/api/v1/events?application=checkout").json().path("events");
        assertThat(events)
                .extracting(event -> event.path("kind").asText())
                .containsExactly("APPLICATION_CREATED", "RELEASE_CREATED", "DEPLOYED");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("actor").path("name").asText()).isEqualTo("Jane Doe");
            assertThat(event.path("actor").path("email").asText()).isEqualTo("jane@example.com");
        });
    }

    @Test
    void apiReleasePathAcceptsTheSameForm() {
        Response response = http.postMultipart(
                "/api/release",
                Multipart.form()
                        .field("application", "search")
                        .file("manifests[dev]", "dev.yaml", manifest("search", "dev")));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().path("version").asLong()).isEqualTo(1);
    }

    @Test
    void postingTheSameReleaseAgainAnswersOkAndChangesNothing() {
        Multipart form = releaseForm("cart", 7);
        assertThat(http.postMultipart("/release", form).status()).isEqualTo(201);
        long events = lastEventId();

        Response again = http.postMultipart("/release", releaseForm("cart", 7));

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("unchanged");
        assertThat(again.json().path("version").asLong()).isEqualTo(7);
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void differentReleaseUnderAnExistingVersionIsRefusedNamingTheField() {
        assertThat(http.postMultipart("/release", releaseForm("cart", 7)).status())
                .isEqualTo(201);
        long events = lastEventId();

        Response otherManifest = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("version", "7")
                        .field("source_commit_id", COMMIT)
                        .file("manifests[dev]", "dev.yaml", manifest("cart", "dev") + "  extra: value\n"));
        Response otherCommit = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("version", "7")
                        .field("source_commit_id", "abcdef0")
                        .file("manifests[dev]", "dev.yaml", manifest("cart", "dev")));

        assertThat(otherManifest.status()).isEqualTo(409);
        assertThat(otherManifest.code()).isEqualTo("RELEASE_CONFLICT");
        assertThat(otherManifest
                        .json()
                        .path("details")
                        .path("firstDifferingField")
                        .asText())
                .isEqualTo("manifests[dev]");
        assertThat(otherCommit.status()).isEqualTo(409);
        assertThat(otherCommit
                        .json()
                        .path("details")
                        .path("firstDifferingField")
                        .asText())
                .isEqualTo("source_commit_id");
        assertThat(lastEventId()).isEqualTo(events);
        assertThat(http.get("/api/v1/applications/cart/releases/7")
                        .json()
                        .path("manifests")
                        .path("dev")
                        .asText())
                .isEqualTo(manifest("cart", "dev"));
    }

    @Test
    void versionsAreAllocatedWhenCiDoesNotChooseOne() {
        assertThat(platform.release("orders", "dev")).isEqualTo(1);
        assertThat(platform.release("orders", "dev")).isEqualTo(2);
        assertThat(http.postMultipart("/release", releaseForm("orders", 10)).status())
                .isEqualTo(201);
        assertThat(platform.release("orders", "dev")).isEqualTo(11);
        assertThat(platform.release("other", "dev")).isEqualTo(1);
    }

    @Test
    void autoDeployNeverReplacesANewerVersion() {
        assertThat(http.postMultipart("/release", releaseForm("cart", 5)).status())
                .isEqualTo(201);

        Response older = http.postMultipart("/release", releaseForm("cart", 3));

        assertThat(older.status()).isEqualTo(201);
        assertThat(older.json().path("autoDeployments").get(0).path("deployed").asBoolean())
                .isFalse();
        assertThat(older.json().path("autoDeployments").get(0).path("reason").asText())
                .isEqualTo("environment runs newer version 5");
        assertThat(deployedVersion("cart", "dev")).isEqualTo(5);
    }

    @Test
    void releaseWithoutManifestForLatestEnvironmentIsNotDeployedThere() {
        platform.release("billing", "staging");

        assertThat(http.get("/api/v1/applications/billing")
                        .json()
                        .path("environments")
                        .size())
                .isZero();
    }

    @Test
    void releasesArePagedNewestFirstWithoutManifestContents() {
        for (int i = 0; i < 5; i++) {
            platform.release("cart", "dev", "staging");
        }

        JsonNode first = http.get("/api/v1/applications/cart/releases?limit=2").json();
        JsonNode second = http.get("/api/v1/applications/cart/releases?limit=2&before="
                        + first.path("nextBefore").asLong())
                .json();

        assertThat(first.path("releases"))
                .extracting(release -> release.path("version").asLong())
                .containsExactly(5L, 4L);
        assertThat(second.path("releases"))
                .extracting(release -> release.path("version").asLong())
                .containsExactly(3L, 2L);
        assertThat(first.path("releases").get(0).has("manifests")).isFalse();
        assertThat(first.path("releases").get(0).path("environments"))
                .extracting(JsonNode::asText)
                .containsExactly("dev", "staging");
    }

    @Test
    void missingApplicationAndReleaseAreNotFound() {
        platform.release("cart", "dev");

        assertThat(http.get("/api/v1/applications/nothing").code()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(http.get("/api/v1/applications/nothing/releases/1").code()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(http.get("/api/v1/applications/cart/releases/9").code()).isEqualTo("RELEASE_NOT_FOUND");
        assertThat(http.get("/api/v1/applications/cart/releases/x").code()).isEqualTo("INVALID_VERSION");
        assertThat(http.get("/api/v1/applications/Bad_Name").code()).isEqualTo("INVALID_APPLICATION_NAME");
    }

    static Stream<Arguments> invalidReleases() {
        String dev = manifest("cart", "dev");
        return Stream.of(
                invalid(
                        "INVALID_APPLICATION_NAME",
                        form -> form.field("application", "Cart_Service").file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_APPLICATION_NAME",
                        form -> form.field("application", "a".repeat(40)).file("manifests[dev]", "m", dev)),
                invalid("INVALID_APPLICATION_NAME", form -> form.file("manifests[dev]", "m", dev)),
                invalid("MISSING_MANIFEST", form -> form.field("application", "cart")),
                invalid(
                        "INVALID_MANIFEST",
                        form -> form.field("application", "cart")
                                .file("manifests[dev]", "m", "apiVersion: v1\nkind: [unclosed\n")),
                invalid(
                        "INVALID_MANIFEST",
                        form -> form.field("application", "cart").file("manifests[dev]", "m", "a: 1\na: 2\n")),
                invalid(
                        "INVALID_ENVIRONMENT_NAME",
                        form -> form.field("application", "cart").file("manifests[Dev Env]", "m", dev)),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .field("display_version", "1234567890123456")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .field("ci_link", "javascript:alert(1)")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_VERSION",
                        form -> form.field("application", "cart")
                                .field("version", "abc")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_VERSION",
                        form -> form.field("application", "cart")
                                .field("version", "0")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_VERSION",
                        form -> form.field("application", "cart")
                                .field("version", "-3")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_VERSION",
                        form -> form.field("application", "cart")
                                .field("version", "99999999999999999999999")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_TEAM_NAME",
                        form -> form.field("application", "cart")
                                .field("team", "team with spaces")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .field("application", "cart")
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .file("manifests[dev]", "m", dev)
                                .file("manifests[dev]", "m", dev)),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .bytes("manifests[dev]", "m", new byte[] {(byte) 0xff, (byte) 0xfe, 'a'})),
                invalid(
                        "INVALID_REQUEST",
                        form -> form.field("application", "cart")
                                .file("manifests[dev]", "m", dev)
                                .file("signatures[staging]", "s", "sig")));
    }

    private static Arguments invalid(String code, UnaryOperator<Multipart> form) {
        return Arguments.of(code, form);
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        Response response = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .file("manifests[dev]", "m", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n"));

        assertThat(response.code()).isEqualTo("INVALID_MANIFEST");
        assertThat(response.json().path("details").path("environment").asText()).isEqualTo("dev");
        assertThat(response.json().path("details").path("line").asInt()).isBetween(4, 5);
    }

    @Test
    void multiDocumentManifestsAreAccepted() {
        String manifests = manifest("cart", "dev") + "---\n" + manifest("cart-extra", "dev") + "---\n";

        Response response = http.postMultipart(
                "/release", Multipart.form().field("application", "cart").file("manifests[dev]", "m", manifests));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void releaseThatIsNotAFormIsUnsupportedMediaType() {
        Response response = http.postJson("/release", "{\"application\":\"cart\"}");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void teamIsUpdatedByLaterReleases() {
        http.postMultipart("/release", releaseForm("cart", 1).field("team", "alpha"));
        http.postMultipart("/release", releaseForm("cart", 2).field("team", "beta"));

        assertThat(http.get("/api/v1/applications/cart").json().path("team").asText())
                .isEqualTo("beta");
        assertThat(http.get("/api/v1/events?kind=APPLICATION_UPDATED")
                        .json()
                        .path("events")
                        .get(0)
                        .path("payload")
                        .path("team")
                        .asText())
                .isEqualTo("beta");
    }

    @Test
    void authorHeadersMustBeBase64() {
        Response response =
                http.postMultipart("/release", releaseForm("cart", 1), java.util.Map.of("author-name", "not base64!"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").path("header").asText()).isEqualTo("author-name");
    }

    @Test
    void authorHeadersNameTheActor() {
        http.postMultipart("/release", releaseForm("cart", 1), author("CI Bot", "ci@example.com"));

        JsonNode event = http.get("/api/v1/events?kind=RELEASE_CREATED")
                .json()
                .path("events")
                .get(0);
        assertThat(event.path("actor").path("name").asText()).isEqualTo("CI Bot");
    }

    @Test
    void anAuthorNameOrAnEmailAloneNamesTheActor() {
        Response nameOnly = http.postMultipart(
                "/release",
                releaseForm("cart", 1),
                java.util.Map.of(
                        "author-name", Base64.getEncoder().encodeToString("Quinn".getBytes(StandardCharsets.UTF_8))));
        Response emailOnly = http.postMultipart(
                "/release",
                releaseForm("cart", 2),
                java.util.Map.of(
                        "author-email",
                        Base64.getEncoder().encodeToString("quinn@example.com".getBytes(StandardCharsets.UTF_8))));

        assertThat(nameOnly.status()).as(nameOnly.toString()).isEqualTo(201);
        assertThat(emailOnly.status()).as(emailOnly.toString()).isEqualTo(201);
        JsonNode events = http.get("/api/v1/events?kind=RELEASE_CREATED").json().path("events");
        assertThat(events.get(0).path("actor").path("name").asText()).isEqualTo("Quinn");
        assertThat(events.get(0).path("actor").path("email").asText()).isEqualTo("anonymous@trebuchet.invalid");
        assertThat(events.get(1).path("actor").path("name").asText()).isEqualTo("quinn@example.com");
    }

    private Multipart releaseForm(String application, long version) {
        return Multipart.form()
                .field("application", application)
                .field("version", Long.toString(version))
                .field("source_commit_id", COMMIT)
                .file("manifests[dev]", "dev.yaml", manifest(application, "dev"));
    }

    private long deployedVersion(String application, String environment) {
        return http.get("/api/v1/applications/" + application)
                .json()
                .path("environments")
                .path(environment)
                .path("version")
                .asLong();
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }

    private record CurlResult(int exitCode, int status, String output) {
        JsonNode json() {
            return new TestingHttp.Response(status, output).json();
        }
    }

    private static CurlResult curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-w", "\n%{http_code}"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish");
        }
        int newline = output.lastIndexOf('\n');
        int status = Integer.parseInt(output.substring(newline + 1).trim());
        return new CurlResult(process.exitValue(), status, output.substring(0, newline));
    }
}
