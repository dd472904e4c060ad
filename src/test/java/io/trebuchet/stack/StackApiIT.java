package io.trebuchet.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.ArrayList;
import java.util.List;
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
class StackApiIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingPlatform platform;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        platform = new TestingPlatform(http).threeStages();
        assertThat(http.putJson("/api/v1/stacks/geocube", "{\"description\": \"data cube\"}")
                        .status())
                .isEqualTo(201);
        for (String application : List.of("database", "apiserver", "autoscaler")) {
            http.putJson("/api/v1/applications/" + application, "{\"stack\": \"geocube\"}");
            platform.release(application, "dev", "staging");
        }
        platform.release("portal", "dev", "staging");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStackListsItsApplications() {
        JsonNode stack = http.get("/api/v1/stacks/geocube").json();

        assertThat(stack.path("applications"))
                .extracting(JsonNode::asText)
                .containsExactly("apiserver", "autoscaler", "database");
        assertThat(http.get("/api/v1/stacks").json().path("stacks")).hasSize(1);
        assertThat(http.get("/api/v1/applications/database")
                        .json()
                        .path("stack")
                        .asText())
                .isEqualTo("geocube");
    }

    @Test
    void deployAndRemoveAWholeStack() {
        Response deployed = http.postJson("/api/v1/environments/staging/stacks/geocube/deploy", "");

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        assertThat(steps(deployed.json()))
                .containsExactly("apiserver:deployed", "autoscaler:deployed", "database:deployed");
        assertThat(version("database", "staging")).isEqualTo(1);
        assertThat(http.get("/api/v1/applications/portal")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();

        Response removed = http.delete("/api/v1/environments/staging/stacks/geocube");

        assertThat(steps(removed.json()))
                .containsExactly("apiserver:removed", "autoscaler:removed", "database:removed");
        assertThat(http.get("/api/v1/applications/database")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();
    }

    @Test
    void stackDeployIsAllOrNothingWhenSomethingIsLocked() {
        http.putJson("/api/v1/locks/application/staging/database/hold", "{\"message\": \"migration\"}");
        long events = lastEventId();

        Response refused = http.postJson("/api/v1/environments/staging/stacks/geocube/deploy", "{}");

        assertThat(refused.code()).isEqualTo("DEPLOYMENT_BLOCKED");
        assertThat(lastEventId()).isEqualTo(events);
        assertThat(http.get("/api/v1/applications/apiserver")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();

        Response queued = http.postJson(
                "/api/v1/environments/staging/stacks/geocube/deploy",
                "{\"lockBehavior\": \"record\", \"versions\": {\"apiserver\": 1}}");
        assertThat(steps(queued.json()))
                .containsExactly("apiserver:deployed", "autoscaler:deployed", "database:queued");
    }

    @Test
    void lockingAStackLocksEachApplicationWithOneId() {
        Response locked = http.putJson("/api/v1/locks/stack/staging/geocube/freeze", "{\"message\": \"release day\"}");

        assertThat(locked.status()).as(locked.toString()).isEqualTo(201);
        JsonNode locks = http.get("/api/v1/locks?environment=staging").json().path("locks");
        assertThat(locks)
                .extracting(lock -> lock.path("application").asText() + ":"
                        + lock.path("id").asText())
                .containsExactly("apiserver:freeze", "autoscaler:freeze", "database:freeze");
        JsonNode train = http.post("/api/v1/environments/staging/train?stack=geocube")
                .json()
                .path("environments")
                .get(0);
        assertThat(train.path("applications"))
                .extracting(step -> step.path("skipped").asText())
                .containsOnly("APPLICATION_LOCKED", "NOT_IN_FILTER");

        http.delete("/api/v1/locks/stack/staging/geocube/freeze");
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
        assertThat(http.delete("/api/v1/locks/stack/staging/geocube/freeze").code())
                .isEqualTo("LOCK_NOT_FOUND");
    }

    @Test
    void aTrainCanMoveOneStack() {
        JsonNode train = http.post("/api/v1/environments/staging/train?stack=geocube")
                .json()
                .path("environments")
                .get(0);

        List<String> steps = new ArrayList<>();
        train.path("applications")
                .forEach(step -> steps.add(step.path("application").asText() + ":"
                        + step.path("skipped").asText("DEPLOY")));
        assertThat(steps)
                .containsExactly("apiserver:DEPLOY", "autoscaler:DEPLOY", "database:DEPLOY", "portal:NOT_IN_FILTER");
    }

    @Test
    void aStackWithApplicationsCannotBeDeleted() {
        assertThat(http.delete("/api/v1/stacks/geocube").code()).isEqualTo("STACK_IN_USE");
        http.putJson("/api/v1/stacks/empty", "{}");
        assertThat(http.delete("/api/v1/stacks/empty").status()).isEqualTo(204);
        assertThat(http.get("/api/v1/stacks/empty").code()).isEqualTo("STACK_NOT_FOUND");
        assertThat(http.putJson("/api/v1/stacks/Bad_Name", "{}").code()).isEqualTo("INVALID_STACK_NAME");
        assertThat(http.postJson(
                                "/api/v1/environments/staging/stacks/geocube/deploy", "{\"versions\": {\"portal\": 1}}")
                        .code())
                .isEqualTo("INVALID_REQUEST");
    }

    private static List<String> steps(JsonNode body) {
        List<String> steps = new ArrayList<>();
        body.path("steps")
                .forEach(step -> steps.add(step.path("application").asText() + ":"
                        + step.path("result").asText()));
        return steps;
    }

    private long version(String application, String environment) {
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
}
