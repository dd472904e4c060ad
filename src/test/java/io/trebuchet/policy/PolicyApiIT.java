package io.trebuchet.policy;

import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
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
class PolicyApiIT {
    private static final String UNPINNED = PolicyCheckTest.GOOD.replace("api:1.4.2", "api:latest");

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        http.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
        http.putJson(
                "/api/v1/environments/prod",
                "{\"upstream\":{\"environment\":\"dev\"},\"policies\":{\"pinned-image-tag\":\"error\","
                        + "\"resources\":\"error\",\"non-root\":\"error\",\"no-plain-secrets\":\"error\"}}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void releaseBreakingAnErrorRuleIsRefusedWithEveryViolation() {
        long events = lastEventId();

        Response refused = release(UNPINNED, UNPINNED);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("POLICY_VIOLATION");
        assertThat(refused.json().path("message").asText()).contains("prod", "latest");
        JsonNode violation = refused.json().path("details").path("violations").get(0);
        assertThat(violation.path("environment").asText()).isEqualTo("prod");
        assertThat(violation.path("rule").asText()).isEqualTo("pinned-image-tag");
        assertThat(violation.path("kind").asText()).isEqualTo("Deployment");
        assertThat(violation.path("name").asText()).isEqualTo("api");
        assertThat(violation.path("container").asText()).isEqualTo("api");
        assertThat(violation.path("path").asText()).isEqualTo("spec.template.spec.containers[0].image");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void warnRulesDeployAndShowInTheOverview() {
        Response accepted = release(UNPINNED, PolicyCheckTest.GOOD);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        JsonNode warnings =
                http.get("/api/v1/applications/api").json().path("warnings").path("dev");
        assertThat(warnings.get(0).path("code").asText()).isEqualTo("POLICY");
        assertThat(warnings.get(0).path("message").asText()).startsWith("warn:").contains("latest");
    }

    @Test
    void deployIsRefusedWhenTheEnvironmentNowTreatsAViolationAsAnError() {
        release(UNPINNED, PolicyCheckTest.GOOD);
        http.putJson(
                "/api/v1/environments/dev",
                "{\"upstream\":{\"latest\":true},\"policies\":{\"pinned-image-tag\":\"error\"}}");
        http.delete("/api/v1/environments/dev/applications/api");

        Response deploy = http.postJson(
                "/api/v1/environments/dev/applications/api/deploy", json("version", 1, "lockBehavior", "ignore"));

        assertThat(deploy.status()).isEqualTo(400);
        assertThat(deploy.code()).isEqualTo("POLICY_VIOLATION");
    }

    @Test
    void trainsSkipWhatTheTargetRefuses() {
        release(UNPINNED, PolicyCheckTest.GOOD.replace("api:1.4.2", "api:1.4.3"));
        // dev runs the release; prod's manifest is fine, so it trains.
        JsonNode ok = http.post("/api/v1/environments/prod/train")
                .json()
                .path("environments")
                .get(0);
        assertThat(ok.path("applications").get(0).has("skipped")).isFalse();

        String badForProd = PolicyCheckTest.GOOD.replace("runAsNonRoot: true", "runAsNonRoot: false");
        http.putJson("/api/v1/environments/prod", "{\"upstream\":{\"environment\":\"dev\"}}");
        release(PolicyCheckTest.GOOD, badForProd);
        http.putJson(
                "/api/v1/environments/prod",
                "{\"upstream\":{\"environment\":\"dev\"},\"policies\":{\"non-root\":\"error\"}}");

        JsonNode skipped = http.post("/api/v1/environments/prod/train")
                .json()
                .path("environments")
                .get(0);

        assertThat(skipped.path("applications").get(0).path("skipped").asText()).isEqualTo("POLICY_VIOLATION");
        assertThat(http.get("/api/v1/applications/api")
                        .json()
                        .path("environments")
                        .path("prod")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void plainSecretsAreRefusedWhereTheyAreErrors() {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2}\n";

        Response response = release(secret, secret);

        assertThat(response.code()).isEqualTo("POLICY_VIOLATION");
        assertThat(response.json()
                        .path("details")
                        .path("violations")
                        .get(0)
                        .path("rule")
                        .asText())
                .isEqualTo("no-plain-secrets");
    }

    @Test
    void unknownRulesAndSeveritiesAreRefused() {
        assertThat(http.putJson("/api/v1/environments/qa", "{\"policies\":{\"latest-only\":\"error\"}}")
                        .code())
                .isEqualTo("INVALID_ENVIRONMENT_CONFIG");
        assertThat(http.putJson("/api/v1/environments/qa", "{\"policies\":{\"resources\":\"fatal\"}}")
                        .code())
                .isEqualTo("INVALID_ENVIRONMENT_CONFIG");
    }

    private Response release(String dev, String prod) {
        return http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "api")
                        .file("manifests[dev]", "dev.yaml", dev)
                        .file("manifests[prod]", "prod.yaml", prod));
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
