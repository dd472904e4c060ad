package io.trebuchet.train;

import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.time.Duration;
import java.time.Instant;
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
class TrainApiIT {
    private static final String LOCK = "{\"message\": \"hold on\"}";

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
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void trainMovesStagingToWhatDevRunsAndRecordsTheTrainInHistory() {
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev", "staging");
        platform.release("dev-tool", "dev");

        Response train = http.post("/api/v1/environments/staging/train");

        assertThat(train.status()).as(train.toString()).isEqualTo(200);
        String trainId = train.json().path("trainId").asText();
        assertThat(trainId).isNotEmpty();
        JsonNode staging = train.json().path("environments").get(0);
        assertThat(staging.path("upstream").asText()).isEqualTo("dev");
        assertThat(steps(staging)).containsExactly("cart:DEPLOY", "dev-tool:NO_MANIFEST", "search:DEPLOY");
        assertThat(deployedVersion("cart", "staging")).isEqualTo(1);

        JsonNode history = http.get("/api/v1/applications/cart/history?environment=staging")
                .json()
                .path("history");
        assertThat(history.get(0).path("reason").asText()).isEqualTo("train");
        assertThat(history.get(0).path("trainId").asText()).isEqualTo(trainId);
        JsonNode events = http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("environment").asText()).isEqualTo("staging");
        assertThat(events.get(0).path("payload").path("deployed")).hasSize(2);
        assertThat(http.get("/api/v1/events?kind=DEPLOYED&environment=staging")
                        .json()
                        .path("events"))
                .isEmpty();

        JsonNode again = http.post("/api/v1/environments/staging/train")
                .json()
                .path("environments")
                .get(0);
        assertThat(steps(again))
                .containsExactly("cart:ALREADY_DEPLOYED", "dev-tool:NO_MANIFEST", "search:ALREADY_DEPLOYED");
    }

    @Test
    void prognosisSaysExactlyWhatTheTrainThenDoesAndChangesNothing() {
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev");
        http.putJson("/api/v1/locks/application/staging/search/hold", LOCK);
        long events = lastEventId();

        Response prognosis = http.get("/api/v1/environments/staging/train/prognosis");
        Response kuberpultPrognosis = http.get("/api/environments/staging/releasetrain/prognosis");

        assertThat(prognosis.json().path("prognosis").asBoolean()).isTrue();
        assertThat(prognosis.json().has("trainId")).isFalse();
        assertThat(kuberpultPrognosis.json()).isEqualTo(prognosis.json());
        assertThat(lastEventId()).isEqualTo(events);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();

        JsonNode run = http.put("/api/environments/staging/releasetrain").json();
        assertThat(run.path("environments")).isEqualTo(prognosis.json().path("environments"));
    }

    @Test
    void groupTrainRunsEachEnvironmentIndependently() {
        platform.release("cart", "dev", "staging", "prod-de", "prod-fr");
        http.post("/api/v1/environments/staging/train");
        http.putJson("/api/v1/locks/environment/prod-fr/incident", LOCK);

        JsonNode prognosis = http.get("/api/v1/environment-groups/production/train/prognosis")
                .json();
        JsonNode run =
                http.put("/api/environment-groups/production/releasetrain").json();

        assertThat(run.path("environments")).isEqualTo(prognosis.path("environments"));
        JsonNode de = run.path("environments").get(0);
        JsonNode fr = run.path("environments").get(1);
        assertThat(de.path("environment").asText()).isEqualTo("prod-de");
        assertThat(de.has("skipped")).isFalse();
        assertThat(steps(de)).containsExactly("cart:DEPLOY");
        assertThat(fr.path("skipped").asText()).isEqualTo("ENVIRONMENT_LOCKED");
        assertThat(fr.path("message").asText()).contains("incident");
        assertThat(steps(fr)).containsExactly("cart:ENVIRONMENT_LOCKED");
        assertThat(deployedVersion("cart", "prod-de")).isEqualTo(1);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("queued")
                        .path("prod-fr")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events"))
                .hasSize(3);
    }

    @Test
    void aRunReportsTheCauseItsPrognosisGave() {
        platform.release("cart", "dev", "staging");
        http.putJson("/api/v1/locks/application/staging/cart/hold", LOCK);
        http.putJson("/api/v1/locks/environment/staging/freeze", LOCK);

        JsonNode prognosis =
                http.get("/api/v1/environments/staging/train/prognosis").json();
        JsonNode run = http.post("/api/v1/environments/staging/train").json();

        assertThat(run.path("environments")).isEqualTo(prognosis.path("environments"));
        assertThat(steps(run.path("environments").get(0))).containsExactly("cart:ENVIRONMENT_LOCKED");
    }

    @Test
    void aTrainLeavesAHeldApplicationWhereItWasRolledBackUntilTheHoldIsReleased() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev", "staging");
        http.post("/api/v1/environments/staging/train");
        assertThat(deploy("staging", "cart", 1, null).status()).isEqualTo(200);
        platform.release("search", "dev", "staging");

        JsonNode prognosis =
                http.get("/api/v1/environments/staging/train/prognosis").json();
        JsonNode held = http.post("/api/v1/environments/staging/train").json();

        assertThat(held.path("environments")).isEqualTo(prognosis.path("environments"));
        assertThat(steps(held.path("environments").get(0))).containsExactly("cart:HELD", "search:DEPLOY");
        assertThat(held.path("environments")
                        .get(0)
                        .path("applications")
                        .get(0)
                        .path("message")
                        .asText())
                .contains("cart is held at version 1 in staging", "rolled back from version 2 to 1");
        assertThat(deployedVersion("cart", "staging")).isEqualTo(1);
        assertThat(deployedVersion("search", "staging")).isEqualTo(2);

        assertThat(http.delete("/api/v1/environments/staging/applications/cart/hold")
                        .status())
                .isEqualTo(200);
        JsonNode released = http.post("/api/v1/environments/staging/train").json();

        assertThat(steps(released.path("environments").get(0)))
                .containsExactly("cart:DEPLOY", "search:ALREADY_DEPLOYED");
        assertThat(deployedVersion("cart", "staging")).isEqualTo(2);
    }

    @Test
    void teamFilterMovesOnlyThatTeam() {

        releaseWithTeam("cart", "payments");
        releaseWithTeam("search", "discovery");
        platform.release("orphan", "dev", "staging");

        JsonNode staging = http.post("/api/v1/environments/staging/train?team=payments")
                .json()
                .path("environments")
                .get(0);

        assertThat(steps(staging)).containsExactly("cart:DEPLOY", "orphan:NO_TEAM", "search:NOT_IN_FILTER");
    }

    @Test
    void freezeWindowBlocksTrainsAndAutoDeployButNotAnExplicitIgnore() {
        platform.release("cart", "dev", "staging");
        http.putJson(
                "/api/v1/environments/dev",
                "{\"upstream\":{\"latest\":true},\"freezeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 9 * * *\","
                        + "\"duration\":\"2h\",\"timeZone\":\"UTC\"}]}");
        http.putJson(
                "/api/v1/environments/staging",
                "{\"upstream\":{\"environment\":\"dev\"},\"freezeWindows\":[{\"kind\":\"allow\",\"schedule\":\"0 14 * * 1-5\","
                        + "\"duration\":\"2h\"}]}");

        // 10:00 UTC on a Monday: dev's deny window is open, staging is outside its allow window.
        JsonNode release = http.postMultipart(
                        "/release",
                        TestingHttp.Multipart.form()
                                .field("application", "cart")
                                .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev") + "  v: \"2\"\n")
                                .file("manifests[staging]", "m", TestingPlatform.manifest("cart", "staging")))
                .json();
        JsonNode train = http.post("/api/v1/environments/staging/train")
                .json()
                .path("environments")
                .get(0);

        assertThat(release.path("autoDeployments").get(0).path("status").asText())
                .isEqualTo("queued");
        assertThat(release.path("autoDeployments").get(0).path("reason").asText())
                .contains("deny window");
        assertThat(deployedVersion("cart", "dev")).isEqualTo(1);
        assertThat(train.path("skipped").asText()).isEqualTo("FREEZE_WINDOW");
        assertThat(train.path("message").asText()).contains("allow window", "2026-11-02T14:00:00Z");
        Response manual = deploy("dev", "cart", 2, null);
        assertThat(manual.code()).isEqualTo("DEPLOYMENT_BLOCKED");
        assertThat(manual.json()
                        .path("details")
                        .path("blockedBy")
                        .get(0)
                        .path("cause")
                        .asText())
                .isEqualTo("FREEZE_WINDOW");
        assertThat(deploy("dev", "cart", 2, "ignore").json().path("result").asText())
                .isEqualTo("deployed");

        server.clock().set(Instant.parse("2026-11-02T14:30:00Z"));
        JsonNode afternoon = http.post("/api/v1/environments/staging/train")
                .json()
                .path("environments")
                .get(0);
        assertThat(afternoon.has("skipped")).isFalse();
        assertThat(deployedVersion("cart", "staging")).isEqualTo(2);
    }

    @Test
    void documentedWorkflowLockDevTrainToStagingUnlockTrainMainToDev() {
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev", "staging");

        // Lock dev so that QA tests a stable set of versions; new releases queue behind the lock.
        http.putJson("/api/v1/locks/environment/dev/qa-run", LOCK);
        platform.release("cart", "dev", "staging");
        assertThat(deployedVersion("cart", "dev")).isEqualTo(1);

        // The tested versions go to staging.
        JsonNode toStaging = http.put("/api/environments/staging/releasetrain")
                .json()
                .path("environments")
                .get(0);
        assertThat(steps(toStaging)).containsExactly("cart:DEPLOY", "search:DEPLOY");
        assertThat(deployedVersion("cart", "staging")).isEqualTo(1);

        // Unlocking deploys nothing by itself.
        http.delete("/api/v1/locks/environment/dev/qa-run");
        assertThat(deployedVersion("cart", "dev")).isEqualTo(1);

        // A train from latest into dev brings the newest releases.
        JsonNode toDev = http.put("/api/environments/dev/releasetrain")
                .json()
                .path("environments")
                .get(0);
        assertThat(toDev.path("upstream").asText()).isEqualTo("latest");
        assertThat(steps(toDev)).containsExactly("cart:DEPLOY", "search:ALREADY_DEPLOYED");
        assertThat(deployedVersion("cart", "dev")).isEqualTo(2);
        assertThat(http.get("/api/v1/applications/cart").json().path("queued").has("dev"))
                .isFalse();
    }

    @Test
    void scheduledTrainRunsOncePerFiringWithTheSchedulerAsActor() {
        platform.release("cart", "dev", "staging");
        http.putJson(
                "/api/v1/environments/staging",
                "{\"upstream\":{\"environment\":\"dev\"},\"releaseTrains\":[{\"schedule\":\"0 11 * * *\","
                        + "\"timeZone\":\"UTC\"}]}");
        // The schedule was added at 10:00; the 11:00 firing is the first that counts.
        server.clock().set(Instant.parse("2026-11-02T10:59:00Z"));
        assertThat(trainEvents()).isEmpty();

        server.clock().set(Instant.parse("2026-11-02T11:00:30Z"));
        TestingWait.until(
                "the scheduled train",
                Duration.ofSeconds(20),
                () -> !trainEvents().isEmpty());

        JsonNode event = trainEvents().get(0);
        assertThat(event.path("actor").path("name").asText()).isEqualTo("trebuchet-scheduler");
        assertThat(deployedVersion("cart", "staging")).isEqualTo(1);

        server.clock().set(Instant.parse("2026-11-02T15:00:00Z"));
        platform.release("cart", "dev", "staging");
        server.clock().set(Instant.parse("2026-11-03T11:00:00Z"));
        TestingWait.until(
                "the next day's train",
                Duration.ofSeconds(20),
                () -> trainEvents().size() == 2);
        assertThat(deployedVersion("cart", "staging")).isEqualTo(2);
    }

    @Test
    void unknownTargetsAndFiltersAreRefused() {
        assertThat(http.post("/api/v1/environments/nowhere/train").code()).isEqualTo("ENVIRONMENT_NOT_FOUND");
        assertThat(http.post("/api/v1/environment-groups/nothing/train").code())
                .isEqualTo("ENVIRONMENT_GROUP_NOT_FOUND");
        assertThat(http.post("/api/v1/environments/staging/train?team=bad%20team")
                        .code())
                .isEqualTo("INVALID_TEAM_NAME");
        assertThat(http.get("/api/v1/environments/staging/train/prognosis?stack=Bad_Stack")
                        .code())
                .isEqualTo("INVALID_STACK_NAME");
        assertThat(http.putJson(
                                "/api/v1/environments/staging",
                                "{\"upstream\":{\"environment\":\"dev\"},\"releaseTrains\":[{\"schedule\":\"daily\"}]}")
                        .code())
                .isEqualTo("INVALID_ENVIRONMENT_CONFIG");
    }

    @Test
    void overviewWarnsAboutUnusualOrderAndMissingUpstream() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        deploy("dev", "cart", 1, null);
        deploy("staging", "cart", 2, null);
        platform.release("solo", "staging");
        deploy("staging", "solo", 1, null);

        JsonNode applications = http.get("/api/v1/overview").json().path("applications");

        assertThat(applications
                        .get(0)
                        .path("warnings")
                        .path("staging")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("UNUSUAL_ORDER");
        assertThat(applications
                        .get(1)
                        .path("warnings")
                        .path("staging")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("UPSTREAM_NOT_DEPLOYED");

        http.putJson("/api/v1/locks/application/staging/cart/pinned", LOCK);
        assertThat(http.get("/api/v1/applications/cart").json().path("warnings").has("staging"))
                .isFalse();
    }

    private List<JsonNode> trainEvents() {
        List<JsonNode> events = new ArrayList<>();
        http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events").forEach(events::add);
        return events;
    }

    private void releaseWithTeam(String application, String team) {
        http.postMultipart(
                "/release",
                TestingHttp.Multipart.form()
                        .field("application", application)
                        .field("team", team)
                        .file("manifests[dev]", "m", TestingPlatform.manifest(application, "dev"))
                        .file("manifests[staging]", "m", TestingPlatform.manifest(application, "staging")));
    }

    private static List<String> steps(JsonNode environment) {
        List<String> steps = new ArrayList<>();
        environment
                .path("applications")
                .forEach(step -> steps.add(step.path("application").asText() + ":"
                        + step.path("skipped").asText("DEPLOY")));
        return steps;
    }

    private Response deploy(String environment, String application, long version, String lockBehavior) {
        String body = lockBehavior == null
                ? json("version", version)
                : json("version", version, "lockBehavior", lockBehavior);
        return http.postJson("/api/v1/environments/" + environment + "/applications/" + application + "/deploy", body);
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
}
