package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingRegistry;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's scenario against a real registry with basic authentication: v1 tags become releases that reach dev; a
 * person's rollback holds dev; a newer tag is released but waits behind the hold; the pattern switches to v2 and only
 * v2 tags are chosen.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ImageAutomationIT {
    private static final String V1 = "^v1_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$";
    private static final String V2 = "^v2_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$";
    private static final String TEMPLATE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: geo
            spec:
              template:
                spec:
                  containers:
                    - name: geo
                      image: "{{image.name}}:{{image.tag}}@{{image.digest}}"
            """;

    @Parameter
    Backend backend;

    @TempDir
    Path directory;

    private TestingRegistry registry;
    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) throws IOException {
        Files.createDirectories(directory.resolve("registry"));
        registry = TestingRegistry.start(directory.resolve("registry"), TestingRegistry.Auth.BASIC);
        server = TestingServer.start(backend, databases);
        http = server.http();
        new TestingPlatform(http).threeStages();
        Response declared = http.putJson(
                "/api/v1/applications/geo",
                Json.write(Map.of(
                        "team",
                        "maps",
                        "template",
                        TEMPLATE,
                        "values",
                        Map.of("image", Map.of("name", registry.host() + "/team/geo")),
                        "environments",
                        List.of("dev", "staging"))));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        try {
            server.close();
        } finally {
            registry.close();
        }
    }

    @Test
    void seedScenarioReleasesV1TagsHoldsARollbackAndSwitchesToV2() {
        String first = registry.push("team/geo", List.of("v1_abcdef0_2021-10-08T12.44.03Z"));
        registry.push("team/geo", List.of("v2_1111111_2021-10-01T00.00.00Z"));
        putSource(V1);

        JsonNode afterFirst = waitForRelease("v1_abcdef0_2021-10-08T12.44.03Z");
        assertThat(afterFirst.path("scan").path("releasedVersion").asLong()).isEqualTo(1);
        assertThat(afterFirst.path("scan").path("newestDigest").asText()).isEqualTo(first);
        assertThat(afterFirst.path("scan").path("outcome").asText())
                .isEqualTo("released v1_abcdef0_2021-10-08T12.44.03Z as version 1: deployed to dev");
        assertThat(dev().path("version").asLong()).isEqualTo(1);
        assertThat(dev().path("deployedBy").path("name").asText()).isEqualTo("image-automation");
        assertThat(manifest(1))
                .contains("image: \"" + registry.host() + "/team/geo:v1_abcdef0_2021-10-08T12.44.03Z@" + first + "\"");

        // A newer v1 tag (and its signature) appear: scanned at once on the registry's notification.
        String second = registry.push(
                "team/geo", List.of("v1_1234567_2021-10-09T08.00.00Z", "v1_1234567_2021-10-09T08.00.00Z.sig"));
        JsonNode notified = notify("team/geo");
        assertThat(notified.path("scanned")
                        .get(0)
                        .path("scan")
                        .path("releasedTag")
                        .asText())
                .isEqualTo("v1_1234567_2021-10-09T08.00.00Z");
        assertThat(dev().path("version").asLong()).isEqualTo(2);
        assertThat(manifest(2)).contains("v1_1234567_2021-10-09T08.00.00Z@" + second);

        // A person rolls dev back to 1: dev is held there.
        Response rollback = http.postJsonWithHeaders(
                "/api/v1/environments/dev/applications/geo/deploy",
                "{\"version\": 1}",
                TestingHttp.author("Ops Person", "ops@example.com"));
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
        assertThat(http.get("/api/v1/holds")
                        .json()
                        .path("holds")
                        .get(0)
                        .path("version")
                        .asLong())
                .isEqualTo(1);

        // A newer v1 tag is released, but does not move dev past the hold.
        registry.push("team/geo", List.of("v1_fedcba9_2021-10-10T09.30.00Z"));
        JsonNode held = scan();
        assertThat(held.path("scan").path("releasedTag").asText()).isEqualTo("v1_fedcba9_2021-10-10T09.30.00Z");
        assertThat(held.path("scan").path("releasedVersion").asLong()).isEqualTo(3);
        assertThat(held.path("scan").path("outcome").asText())
                .startsWith("released v1_fedcba9_2021-10-10T09.30.00Z as version 3: queued in dev (")
                .contains("held at version 1");
        assertThat(dev().path("version").asLong()).isEqualTo(1);
        // The application page shows the source's state and the hold with who and why.
        String page = http.get("/applications/geo").body();
        assertThat(page)
                .contains(
                        "Image automation",
                        "the last alphabetical value ($datetime) among tags matching",
                        "v1_fedcba9_2021-10-10T09.30.00Z as <a href=\"/applications/geo?release=3\">v3</a>",
                        "Held at version 1: Ops Person rolled back",
                        "Release the hold");

        // The breaking change: the pattern switches to v2; only v2 tags are chosen, newer v1 tags too are not.
        http.delete("/api/v1/environments/dev/applications/geo/hold");
        registry.push("team/geo", List.of("v1_0000000_2021-12-31T23.59.59Z"));
        String v2 = registry.push("team/geo", List.of("v2_2222222_2021-10-11T10.00.00Z"));
        putSource(V2);

        JsonNode switched = waitForRelease("v2_2222222_2021-10-11T10.00.00Z");
        assertThat(switched.path("scan").path("releasedVersion").asLong()).isEqualTo(4);
        assertThat(dev().path("version").asLong()).isEqualTo(4);
        assertThat(manifest(4)).contains("v2_2222222_2021-10-11T10.00.00Z@" + v2);

        // Polling: after the interval the worker finds the next v2 tag by itself.
        registry.push("team/geo", List.of("v2_3333333_2021-10-12T10.00.00Z"));
        server.clock().advance(Duration.ofMinutes(1));
        waitForRelease("v2_3333333_2021-10-12T10.00.00Z");
        assertThat(dev().path("version").asLong()).isEqualTo(5);
        JsonNode listed = http.get("/api/v1/image-sources").json().path("imageSources");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)
                        .path("policy")
                        .path("alphabetical")
                        .path("order")
                        .asText())
                .isEqualTo("asc");
        assertThat(listed.get(0).path("credentials").path("username").asText()).isEqualTo(TestingRegistry.USER);
        assertThat(listed.get(0).toString()).doesNotContain(TestingRegistry.PASSWORD);
        JsonNode events = http.get("/api/v1/events?application=geo").json();
        assertThat(events.toString()).contains("image-automation");
    }

    @Test
    void aFailedScanIsVisibleAndInvalidSourcesAreRefused() {
        Response invalid = http.putJson(
                "/api/v1/applications/geo/image-sources/image",
                Json.write(Map.of(
                        "image",
                        registry.image("team/geo"),
                        "policy",
                        Map.of("alphabetical", Map.of()),
                        "filterTags",
                        Map.of("pattern", "v1_(?P<datetime>.*", "extract", "$datetime"))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("code").asText()).isEqualTo("INVALID_IMAGE_POLICY");
        assertThat(invalid.json().path("details").path("field").asText()).isEqualTo("filterTags.pattern");

        Response unknownApplication = http.putJson(
                "/api/v1/applications/nothere/image-sources/image",
                Json.write(Map.of("image", registry.image("x"), "policy", Map.of("semver", Map.of("range", "^1")))));
        assertThat(unknownApplication.status()).isEqualTo(404);

        Response anonymous = http.putJson(
                "/api/v1/applications/geo/image-sources/image",
                Json.write(Map.of(
                        "image", registry.image("team/geo"), "policy", Map.of("semver", Map.of("range", "^1")))));
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(200);
        JsonNode scanned = scan();
        assertThat(scanned.path("scan").path("lastError").asText()).contains("asks for a user name and password");
        assertThat(http.get("/api/v1/applications/geo/image-sources/nope").status())
                .isEqualTo(404);
    }

    private void putSource(String pattern) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("image", registry.image("team/geo"));
        source.put("interval", "1m");
        source.put("tagParameter", "image.tag");
        source.put("digestParameter", "image.digest");
        source.put(
                "credentials",
                Map.of(
                        "username",
                        TestingRegistry.USER,
                        "passwordFile",
                        passwordFile().toString()));
        source.put("policy", Map.of("alphabetical", Map.of("order", "asc")));
        source.put("filterTags", Map.of("pattern", pattern, "extract", "$datetime"));
        Response response = http.putJson("/api/v1/applications/geo/image-sources/image", Json.write(source));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private Path passwordFile() {
        Path file = directory.resolve("registry-password");
        try {
            Files.writeString(file, TestingRegistry.PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until the source released the tag (the worker scans a new or changed source at once). */
    private JsonNode waitForRelease(String tag) {
        return TestingWait.until(
                "image source to release " + tag,
                Duration.ofSeconds(30),
                () -> http.get("/api/v1/applications/geo/image-sources/image").json(),
                source -> source.path("scan").path("releasedTag").asText().equals(tag));
    }

    private JsonNode scan() {
        Response response = http.post("/api/v1/applications/geo/image-sources/image/scan");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode notify(String repository) {
        String envelope = Json.write(Map.of(
                "events",
                List.of(Map.of(
                        "action",
                        "push",
                        "target",
                        Map.of(
                                "repository",
                                repository,
                                "tag",
                                "x",
                                "mediaType",
                                "application/vnd.oci.image.manifest.v1+json"),
                        "request",
                        Map.of("host", registry.host())))));
        Response response = http.postWithContentType(
                "/api/v1/image-sources/notifications", "application/vnd.docker.distribution.events.v1+json", envelope);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode dev() {
        return http.get("/api/v1/applications/geo").json().path("environments").path("dev");
    }

    private String manifest(long version) {
        return http.get("/api/v1/applications/geo/releases/" + version)
                .json()
                .path("manifests")
                .path("dev")
                .asText();
    }
}
