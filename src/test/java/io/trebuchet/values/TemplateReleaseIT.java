package io.trebuchet.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class TemplateReleaseIT {
    private static final String TEMPLATE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: tiles
            spec:
              replicas: {{replicas}}
              template:
                spec:
                  containers:
                    - name: tiles
                      image: "{{registry}}/tiles:{{image.tag}}"
                      args: ["--domain", "{{domain}}", "--cache", "{{cache.size}}"]
            """;

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        new TestingPlatform(http).threeStages();
        http.putJson("/api/v1/platform/values", "{\"values\": {\"registry\": \"r.example.com\", \"replicas\": 1}}");
        http.putJson(
                "/api/v1/stacks/geoplatform",
                "{\"description\": \"maps\", \"values\": {\"cache\": {\"size\": \"1g\"}}}");
        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"values\":{\"domain\":\"maps.example.de\",\"replicas\":2}}");
        Response declared = http.putJson(
                "/api/v1/applications/tiles",
                Json.write(Map.of(
                        "team",
                        "maps",
                        "stack",
                        "geoplatform",
                        "template",
                        TEMPLATE,
                        "values",
                        Map.of("domain", "maps.internal"),
                        "environmentValues",
                        Map.of("prod-de", Map.of("replicas", 5)),
                        "environments",
                        List.of("dev", "staging", "prod-de"))));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void releaseByImageTagRendersEachEnvironmentFromItsLayers() {
        Response release = http.postJson(
                "/api/v1/applications/tiles/releases",
                "{\"parameters\": {\"image\": {\"tag\": \"2.4.1\"}}, \"sourceCommitId\": \"abcdef1\"}");

        assertThat(release.status()).as(release.toString()).isEqualTo(201);
        assertThat(release.json().path("environments"))
                .extracting(JsonNode::asText)
                .containsExactly("dev", "prod-de", "staging");
        JsonNode manifests =
                http.get("/api/v1/applications/tiles/releases/1").json().path("manifests");
        Map<?, ?> dev = load(manifests.path("dev").asText());
        Map<?, ?> prod = load(manifests.path("prod-de").asText());
        assertThat(((Map<?, ?>) dev.get("spec")).get("replicas")).isEqualTo(1);
        assertThat(((Map<?, ?>) prod.get("spec")).get("replicas")).isEqualTo(5);
        assertThat(container(prod).get("image")).isEqualTo("r.example.com/tiles:2.4.1");
        assertThat(container(prod).get("args")).isEqualTo(List.of("--domain", "maps.example.de", "--cache", "1g"));
        assertThat(container(dev).get("args")).isEqualTo(List.of("--domain", "maps.internal", "--cache", "1g"));
        // dev follows latest: the rendered release runs there at once.
        assertThat(http.get("/api/v1/applications/tiles")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void theSameParametersAgainAreTheSameRelease() {
        String body = "{\"version\": 7, \"parameters\": {\"image.tag\": \"2.4.1\"}}";
        assertThat(http.postJson("/api/v1/applications/tiles/releases", body).status())
                .isEqualTo(201);

        assertThat(http.postJson("/api/v1/applications/tiles/releases", body).status())
                .isEqualTo(200);
        Response different = http.postJson(
                "/api/v1/applications/tiles/releases", "{\"version\": 7, \"parameters\": {\"image.tag\": \"2.4.2\"}}");
        assertThat(different.status()).isEqualTo(409);
    }

    @Test
    void everyMissingValueIsReportedAtOnceAndNothingChanges() {
        http.putJson("/api/v1/platform/values", "{\"values\": {}}");
        long events = lastEventId();

        Response missing = http.postJson("/api/v1/applications/tiles/releases", "{\"parameters\": {}}");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("MISSING_PARAMETERS");
        JsonNode list = missing.json().path("details").path("missing");
        assertThat(list)
                .extracting(entry -> entry.path("name").asText())
                .containsExactly("image.tag", "registry", "replicas");
        JsonNode replicas = list.get(2);
        assertThat(replicas.path("environments")).extracting(JsonNode::asText).containsExactly("dev", "staging");
        assertThat(replicas.path("usedAt").get(0).asText()).isEqualTo("line 6, column 13");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void valuesShowWhereEachOneComesFrom() {
        JsonNode values =
                http.get("/api/v1/applications/tiles/values?env=prod-de").json().path("values");

        assertThat(values.path("registry").path("layer").asText()).isEqualTo("platform");
        assertThat(values.path("cache.size").path("layer").asText()).isEqualTo("stack");
        assertThat(values.path("cache.size").path("source").asText()).isEqualTo("stack geoplatform");
        assertThat(values.path("domain").path("value").asText()).isEqualTo("maps.example.de");
        assertThat(values.path("domain").path("layer").asText()).isEqualTo("environment");
        assertThat(values.path("replicas").path("value").asInt()).isEqualTo(5);
        assertThat(values.path("replicas").path("layer").asText()).isEqualTo("application-environment");

        JsonNode withoutEnvironment =
                http.get("/api/v1/applications/tiles/values").json().path("values");
        assertThat(withoutEnvironment.path("domain").path("layer").asText()).isEqualTo("application");
        assertThat(http.get("/api/v1/applications/tiles/values?env=nowhere").code())
                .isEqualTo("ENVIRONMENT_NOT_FOUND");
    }

    @Test
    void policiesJudgeRenderedManifests() {
        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"values\":{\"domain\":\"maps.example.de\"},\"policies\":{\"pinned-image-tag\":\"error\"}}");

        Response refused =
                http.postJson("/api/v1/applications/tiles/releases", "{\"parameters\": {\"image.tag\": \"latest\"}}");

        assertThat(refused.code()).isEqualTo("POLICY_VIOLATION");
        assertThat(refused.json()
                        .path("details")
                        .path("violations")
                        .get(0)
                        .path("environment")
                        .asText())
                .isEqualTo("prod-de");
    }

    @Test
    void badDeclarationsAreRefused() {
        assertThat(http.putJson("/api/v1/applications/maps", "{\"template\": \"name: {{ bad name }}\"}")
                        .code())
                .isEqualTo("INVALID_TEMPLATE");
        assertThat(http.putJson("/api/v1/applications/maps", "{\"stack\": \"nothing\"}")
                        .code())
                .isEqualTo("STACK_NOT_FOUND");
        assertThat(http.putJson("/api/v1/applications/maps", "{\"values\": {\"hosts\": [\"a\"]}}")
                        .code())
                .isEqualTo("INVALID_VALUES");
        assertThat(http.putJson("/api/v1/applications/maps", "{\"environments\": [\"nowhere\"]}")
                        .code())
                .isEqualTo("ENVIRONMENT_NOT_FOUND");
        assertThat(http.get("/api/v1/applications/maps").status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/applications/tiles/releases", "{\"parameters\": {\"a\": [1]}}")
                        .code())
                .isEqualTo("INVALID_VALUES");
        assertThat(http.postJson("/api/v1/applications/ghost/releases", "{}").code())
                .isEqualTo("APPLICATION_NOT_FOUND");
        http.putJson("/api/v1/applications/plain", "{\"team\": \"maps\"}");
        assertThat(http.postJson("/api/v1/applications/plain/releases", "{}").code())
                .isEqualTo("TEMPLATE_NOT_FOUND");
    }

    @Test
    void theDeclarationReadsBackAndIsIdempotent() {
        JsonNode spec = http.get("/api/v1/applications/tiles/spec").json();
        assertThat(spec.path("stack").asText()).isEqualTo("geoplatform");
        assertThat(spec.path("template").asText()).isEqualTo(TEMPLATE);

        Response again = http.putJson("/api/v1/applications/tiles", spec.toString());

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private static Map<?, ?> load(String yaml) {
        return (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadAllFromString(yaml)
                .iterator()
                .next();
    }

    private static Map<?, ?> container(Map<?, ?> deployment) {
        Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template");
        return (Map<?, ?>) ((List<?>) ((Map<?, ?>) template.get("spec")).get("containers")).getFirst();
    }
}
