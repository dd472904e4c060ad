package io.trebuchet.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class EnvironmentApiIT {
    private static final String STAGING_KUBERPULT = """
            {
              "upstream": {"environment": "dev"},
              "environmentGroup": "Staging",
              "argocd": {
                "destination": {"server": "https://staging.example.com", "namespace": "apps"},
                "syncWindows": [{"kind": "deny", "schedule": "0 22 * * *", "duration": "8h", "applications": ["*"]}],
                "accessList": [{"group": "*", "kind": "ClusterRole"}],
                "applicationAnnotations": {"notifications.argoproj.io/subscribe.on-sync-failed.slack": "alerts"},
                "ignoreDifferences": [{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}],
                "syncOptions": ["CreateNamespace=true"]
              }
            }
            """;

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void kuberpultMultipartCreatesAndUpdatesEnvironments() {
        Response dev = http.postMultipart(
                "/api/environments/dev/", Multipart.form().field("config", "{\"upstream\":{\"latest\":true}}"));
        Response staging = http.postMultipart(
                "/api/environments/staging/", Multipart.form().field("config", STAGING_KUBERPULT));
        Response again =
                http.postMultipart("/environments/staging", Multipart.form().field("config", STAGING_KUBERPULT));

        assertThat(dev.status()).as(dev.toString()).isEqualTo(200);
        assertThat(staging.status()).as(staging.toString()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();

        JsonNode stored = http.get("/api/v1/environments/staging").json();
        assertThat(stored.path("environmentGroup").asText()).isEqualTo("Staging");
        JsonNode argocd = stored.path("config").path("argocd");
        assertThat(argocd.path("destination").path("namespace").asText()).isEqualTo("apps");
        assertThat(argocd.path("syncWindows").get(0).path("schedule").asText()).isEqualTo("0 22 * * *");
        assertThat(argocd.path("ignoreDifferences")
                        .get(0)
                        .path("jsonPointers")
                        .get(0)
                        .asText())
                .isEqualTo("/spec/replicas");
        assertThat(http.get("/api/v1/events?kind=ENVIRONMENT_CREATED")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void currentArgoConfigsFormDescribesActiveActiveClusters() {
        http.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
        String config = """
                {"upstream": {"environment": "dev"},
                 "argo_configs": {"common_env_prefix": "aa", "configs": [
                    {"destination": {"server": "https://one"}, "concrete_env_name": "de-1"},
                    {"destination": {"server": "https://two"}, "concrete_env_name": "de-2"}]}}
                """;

        Response response = http.putJson("/api/v1/environments/prod", config);

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode argoConfigs =
                response.json().path("environment").path("config").path("argoConfigs");
        assertThat(argoConfigs.path("commonEnvPrefix").asText()).isEqualTo("aa");
        assertThat(argoConfigs.path("configs").get(1).path("concreteEnvName").asText())
                .isEqualTo("de-2");
    }

    @Test
    void environmentsAreListedUpstreamFirst() {
        TestingPlatform platform = new TestingPlatform(http);
        platform.environment("z-dev", "{\"upstream\":{\"latest\":true}}");
        platform.environment("m-staging", "{\"upstream\":{\"environment\":\"z-dev\"}}");
        platform.environment("a-prod", "{\"upstream\":{\"environment\":\"m-staging\"}}");

        JsonNode environments = http.get("/api/v1/environments").json().path("environments");

        assertThat(environments)
                .extracting(environment -> environment.path("name").asText())
                .containsExactly("z-dev", "m-staging", "a-prod");
    }

    @Test
    void updateRecordsTheNewConfigAndAnEvent() {
        http.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
        Response update = http.putJson(
                "/api/v1/environments/dev", "{\"upstream\":{\"latest\":true},\"environmentGroup\":\"development\"}");

        assertThat(update.status()).isEqualTo(200);
        assertThat(update.json().path("changed").asBoolean()).isTrue();
        JsonNode event = http.get("/api/v1/events?kind=ENVIRONMENT_UPDATED")
                .json()
                .path("events")
                .get(0);
        assertThat(event.path("payload").path("config").path("environmentGroup").asText())
                .isEqualTo("development");
        assertThat(event.path("payload").path("previousConfig").has("environmentGroup"))
                .isFalse();
    }

    @Test
    void longerCyclesAreRefusedNamingTheCycle() {
        http.putJson("/api/v1/environments/a", "{\"upstream\":{\"latest\":true}}");
        http.putJson("/api/v1/environments/b", "{\"upstream\":{\"environment\":\"a\"}}");
        http.putJson("/api/v1/environments/c", "{\"upstream\":{\"environment\":\"b\"}}");

        Response response = http.putJson("/api/v1/environments/a", "{\"upstream\":{\"environment\":\"c\"}}");

        assertThat(response.code()).isEqualTo("UPSTREAM_CYCLE");
        assertThat(response.json().path("message").asText()).contains("a -> c -> b -> a");
        assertThat(http.get("/api/v1/environments/a")
                        .json()
                        .path("config")
                        .path("upstream")
                        .path("latest")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void environmentNamesAreValidatedInThePath() {
        Response tooLong = http.putJson("/api/v1/environments/" + "e".repeat(21), "{\"upstream\":{\"latest\":true}}");
        Response badCharacters = http.putJson("/api/v1/environments/Prod_1", "{\"upstream\":{\"latest\":true}}");

        assertThat(tooLong.code()).isEqualTo("INVALID_ENVIRONMENT_NAME");
        assertThat(badCharacters.code()).isEqualTo("INVALID_ENVIRONMENT_NAME");
    }

    @Test
    void missingConfigIsABadRequest() {
        Response multipart =
                http.postMultipart("/api/environments/qa", Multipart.form().field("other", "x"));
        Response emptyBody = http.putJson("/api/v1/environments/qa", "");

        assertThat(multipart.status()).isEqualTo(400);
        assertThat(multipart.json().path("details").path("field").asText()).isEqualTo("config");
        assertThat(emptyBody.status()).isEqualTo(400);
    }

    @Test
    void environmentNamedAsUpstreamCannotBeDeleted() {
        new TestingPlatform(http).threeStages();

        Response response = http.delete("/api/v1/environments/staging");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("ENVIRONMENT_IN_USE");
        assertThat(response.json().path("details").path("downstream"))
                .extracting(JsonNode::asText)
                .containsExactly("prod-de", "prod-fr");
    }

    @Test
    void environmentRunningApplicationsCannotBeDeletedUntilTheyAreRemoved() {
        TestingPlatform platform = new TestingPlatform(http).threeStages();
        platform.release("cart", "dev");

        Response leaf = http.delete("/api/v1/environments/prod-de");
        Response inUse = http.delete("/api/v1/environments/dev");
        http.delete("/api/v1/environments/prod-fr");

        assertThat(leaf.status()).isEqualTo(204);
        assertThat(inUse.code()).isEqualTo("ENVIRONMENT_IN_USE");

        http.putJson("/api/v1/environments/staging", "{\"upstream\":{\"latest\":true}}");
        Response notEmpty = http.delete("/api/v1/environments/dev");
        assertThat(notEmpty.status()).as(notEmpty.toString()).isEqualTo(409);
        assertThat(notEmpty.code()).isEqualTo("ENVIRONMENT_NOT_EMPTY");

        http.delete("/api/v1/environments/dev/applications/cart");
        assertThat(http.delete("/api/v1/environments/dev").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/environments/dev").code()).isEqualTo("ENVIRONMENT_NOT_FOUND");
        assertThat(http.get("/api/v1/events?kind=ENVIRONMENT_DELETED")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(3);
    }

    @Test
    void deletingAMissingEnvironmentIsNotFound() {
        assertThat(http.delete("/api/v1/environments/ghost").code()).isEqualTo("ENVIRONMENT_NOT_FOUND");
    }
}
