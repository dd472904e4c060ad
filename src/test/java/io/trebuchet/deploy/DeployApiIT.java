package io.trebuchet.deploy;

import static io.trebuchet.testing.TestingHttp.author;
import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
class DeployApiIT {
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
    void engineerDeploysAnyVersionAnywhere() {
        platform.release("cart", "dev", "staging", "prod-de");
        platform.release("cart", "dev", "staging", "prod-de");
        server.clock().advance(Duration.ofMinutes(5));

        Response toStaging = deploy("staging", "cart", 2);
        Response rollbackDev = deploy("dev", "cart", 1);

        assertThat(toStaging.status()).as(toStaging.toString()).isEqualTo(200);
        assertThat(toStaging.json().path("changed").asBoolean()).isTrue();
        assertThat(toStaging.json().has("previousVersion")).isFalse();
        assertThat(toStaging.json().path("deployment").path("reason").asText()).isEqualTo("manual");
        assertThat(toStaging
                        .json()
                        .path("deployment")
                        .path("deployedBy")
                        .path("name")
                        .asText())
                .isEqualTo("Ops Person");
        assertThat(toStaging.json().path("deployment").path("deployedAt").asText())
                .isEqualTo("2026-11-02T10:05:00Z");
        assertThat(rollbackDev.json().path("previousVersion").asLong()).isEqualTo(2);

        JsonNode environments = http.get("/api/v1/applications/cart").json().path("environments");
        assertThat(environments.path("dev").path("version").asLong()).isEqualTo(1);
        assertThat(environments.path("staging").path("version").asLong()).isEqualTo(2);
    }

    @Test
    void deployingTheVersionThatRunsChangesNothing() {
        platform.release("cart", "dev");
        long events = lastEventId();

        Response again = deploy("dev", "cart", 1);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();
        assertThat(again.json().path("deployment").path("reason").asText()).isEqualTo("auto");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void deployRefusesWhatCannotWork() {
        platform.release("cart", "dev");
        long events = lastEventId();

        assertThat(deploy("staging", "cart", 1).code()).isEqualTo("NO_MANIFEST_FOR_ENVIRONMENT");
        assertThat(deploy("dev", "cart", 9).code()).isEqualTo("RELEASE_NOT_FOUND");
        assertThat(deploy("dev", "ghost", 1).code()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(deploy("nowhere", "cart", 1).code()).isEqualTo("ENVIRONMENT_NOT_FOUND");
        assertThat(deploy("dev", "Bad_App", 1).code()).isEqualTo("INVALID_APPLICATION_NAME");
        assertThat(http.postJson(path("dev", "cart"), "{}").code()).isEqualTo("INVALID_JSON");
        assertThat(http.postJson(path("dev", "cart"), "").code()).isEqualTo("INVALID_JSON");
        assertThat(http.postJson(path("dev", "cart"), "{\"version\": 0}").code())
                .isEqualTo("INVALID_VERSION");
        assertThat(http.postJson(path("dev", "cart"), "{\"version\": \"one\"}").code())
                .isEqualTo("INVALID_JSON");
        assertThat(http.postJson(path("dev", "cart"), "{\"version\": 1, \"extra\": true}")
                        .code())
                .isEqualTo("INVALID_JSON");
        assertThat(http.postJson(path("dev", "cart"), "{\"version\": 1").code()).isEqualTo("INVALID_JSON");
        assertThat(deploy("staging", "cart", 1).status()).isEqualTo(400);
        assertThat(deploy("dev", "cart", 9).status()).isEqualTo(404);
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void deployAndLockKeepsTheVersionThereUntilSomeoneUnlocks() {
        platform.release("cart", "dev");
        platform.release("cart", "dev");

        Response rollback = http.postJson(
                path("dev", "cart"),
                "{\"version\": 1, \"lockId\": \"hold-v1\", \"lock\": {\"message\": \"v2 breaks checkout\"}}");
        platform.release("cart", "dev");

        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
        assertThat(rollback.json().path("result").asText()).isEqualTo("deployed");
        assertThat(rollback.json().path("lock").path("id").asText()).isEqualTo("hold-v1");
        assertThat(rollback.json().path("lock").path("message").asText()).isEqualTo("v2 breaks checkout");
        JsonNode dev = http.get("/api/v1/applications/cart")
                .json()
                .path("environments")
                .path("dev");
        assertThat(dev.path("version").asLong()).as(dev.toString()).isEqualTo(1);
        assertThat(http.get("/api/v1/locks?environment=dev&kind=application")
                        .json()
                        .path("locks")
                        .findValuesAsText("id"))
                .containsExactly("hold-v1");

        Response generated = http.postJson(
                path("dev", "cart"),
                "{\"version\": 2, \"lock\": {\"message\": \"pin v2\"}, " + "\"lockBehavior\": \"ignore\"}");
        assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
        assertThat(generated.json().path("lock").path("id").asText()).startsWith("deploy-");
    }

    @Test
    void deployAndLockChangesNothingWhenEitherPartIsRefused() {
        platform.release("cart", "dev");
        platform.release("cart", "dev");
        long events = lastEventId();

        Response queued = http.postJson(
                path("dev", "cart"), "{\"version\": 1, \"lockBehavior\": \"record\", \"lock\": {\"message\": \"m\"}}");
        Response noMessage = http.postJson(path("dev", "cart"), "{\"version\": 1, \"lock\": {}}");
        Response badId = http.postJson(
                path("dev", "cart"), "{\"version\": 1, \"lockId\": \"a/b\", \"lock\": {\"message\": \"m\"}}");
        Response idAlone = http.postJson(path("dev", "cart"), "{\"version\": 1, \"lockId\": \"hold\"}");
        Response noRelease = http.postJson(path("dev", "cart"), "{\"version\": 9, \"lock\": {\"message\": \"m\"}}");
        Response badExpiry = http.postJson(
                path("dev", "cart"), "{\"version\": 1, \"lock\": {\"message\": \"m\", \"expiresAt\": \"tonight\"}}");

        assertThat(queued.code()).as(queued.toString()).isEqualTo("INVALID_REQUEST");
        assertThat(noMessage.code()).as(noMessage.toString()).isEqualTo("INVALID_LOCK");
        assertThat(badId.code()).as(badId.toString()).isEqualTo("INVALID_LOCK");
        assertThat(idAlone.code()).as(idAlone.toString()).isEqualTo("INVALID_REQUEST");
        assertThat(noRelease.code()).as(noRelease.toString()).isEqualTo("RELEASE_NOT_FOUND");
        assertThat(badExpiry.code()).isEqualTo("INVALID_JSON");
        assertThat(badExpiry.json().path("message").asText())
                .isEqualTo("deploy request is invalid at 'lock.expiresAt': expected a time with its offset, such as"
                        + " 2026-11-03T18:00:00Z");
        assertThat(List.of(queued, noMessage, badId, idAlone, badExpiry))
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(400));
        assertThat(lastEventId()).isEqualTo(events);
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void removeTakesAnApplicationOutOfOneEnvironment() {
        platform.release("cart", "dev", "staging");
        deploy("staging", "cart", 1);

        Response removed = http.delete("/api/v1/environments/dev/applications/cart");
        Response again = http.delete("/api/v1/environments/dev/applications/cart");

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("removed").path("version").asLong()).isEqualTo(1);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo("NOT_DEPLOYED");
        JsonNode environments = http.get("/api/v1/applications/cart").json().path("environments");
        assertThat(environments.has("dev")).isFalse();
        assertThat(environments.has("staging")).isTrue();
        JsonNode event =
                http.get("/api/v1/events?kind=REMOVED").json().path("events").get(0);
        assertThat(event.path("environment").asText()).isEqualTo("dev");
        assertThat(event.path("payload").path("previousVersion").asLong()).isEqualTo(1);
    }

    @Test
    void undeployRemovesAnApplicationEverywhereAndKeepsItsReleases() {
        platform.release("cart", "dev", "staging");
        deploy("staging", "cart", 1);

        Response undeployed = http.delete("/api/v1/applications/cart");

        assertThat(undeployed.status()).isEqualTo(200);
        assertThat(undeployed.json().path("removed"))
                .extracting(removed -> removed.path("environment").asText())
                .containsExactlyInAnyOrder("dev", "staging");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .size())
                .isZero();
        assertThat(http.get("/api/v1/applications/cart/releases/1").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/events?kind=REMOVED").json().path("events").size())
                .isEqualTo(2);
        assertThat(http.delete("/api/v1/applications/ghost").code()).isEqualTo("APPLICATION_NOT_FOUND");
    }

    @Test
    void historyKeepsWhoWhenAndWhyNewestFirst() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        deploy("staging", "cart", 1);
        http.delete("/api/v1/environments/dev/applications/cart");

        JsonNode history = http.get("/api/v1/applications/cart/history").json().path("history");
        JsonNode staging = http.get("/api/v1/applications/cart/history?environment=staging")
                .json()
                .path("history");
        JsonNode page = http.get("/api/v1/applications/cart/history?limit=2").json();

        assertThat(history)
                .extracting(entry -> entry.path("environment").asText() + ":"
                        + entry.path("version").asText("-") + ":"
                        + entry.path("reason").asText())
                .containsExactly("dev:-:manual", "staging:1:manual", "dev:2:auto", "dev:1:auto");
        assertThat(history.get(0).path("previousVersion").asLong()).isEqualTo(2);
        assertThat(staging.size()).isEqualTo(1);
        assertThat(page.path("history").size()).isEqualTo(2);
        assertThat(http.get("/api/v1/applications/cart/history?before="
                                + page.path("nextBefore").asLong())
                        .json()
                        .path("history")
                        .size())
                .isEqualTo(2);
        assertThat(http.get("/api/v1/applications/cart/history?limit=0").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/applications/cart/history?limit=x").code()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void overviewShowsGroupsInUpstreamOrderAndWhatRunsWhere() {
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev");
        deploy("staging", "cart", 1);

        JsonNode overview = http.get("/api/v1/overview").json();

        assertThat(overview.path("environmentGroups"))
                .extracting(group -> group.path("name").asText())
                .containsExactly("dev", "staging", "production");
        assertThat(overview.path("environmentGroups").get(2).path("environments"))
                .extracting(environment -> environment.path("name").asText())
                .containsExactly("prod-de", "prod-fr");
        assertThat(overview.path("applications"))
                .extracting(application -> application.path("name").asText())
                .containsExactly("cart", "search");
        JsonNode cart = overview.path("applications").get(0);
        assertThat(cart.path("latestVersion").asLong()).isEqualTo(1);
        assertThat(cart.path("environments").path("staging").path("version").asLong())
                .isEqualTo(1);
        assertThat(overview.path("lastEventId").asLong()).isEqualTo(lastEventId());
    }

    @Test
    void aRollbackHoldsTheApplicationAgainstAutomationUntilANewerVersionIsDeployedByHand() {
        platform.release("cart", "dev");
        platform.release("cart", "dev");
        deploy("dev", "cart", 1);

        platform.release("cart", "dev");
        JsonNode holds = http.get("/api/v1/holds").json().path("holds");
        JsonNode cart = http.get("/api/v1/applications/cart").json();

        assertThat(holds).hasSize(1);
        assertThat(holds.get(0).path("version").asLong()).isEqualTo(1);
        assertThat(holds.get(0).path("heldBy").path("name").asText()).isEqualTo("Ops Person");
        assertThat(holds.get(0).path("reason").asText()).isEqualTo("rolled back from version 2 to 1");
        assertThat(cart.path("environments").path("dev").path("version").asLong())
                .as(cart.toString())
                .isEqualTo(1);
        JsonNode queued =
                http.get("/api/v1/overview").json().path("applications").get(0).path("queued");
        assertThat(queued.path("dev").path("version").asLong())
                .as(queued.toString())
                .isEqualTo(3);
        assertThat(queued.path("dev").path("blockedBy").get(0).asText()).startsWith("HELD: cart is held at version 1");
        JsonNode held = http.get("/api/v1/overview")
                .json()
                .path("applications")
                .get(0)
                .path("holds")
                .path("dev");
        assertThat(held.path("version").asLong()).as(held.toString()).isEqualTo(1);
        assertThat(held.path("heldBy").path("name").asText()).isEqualTo("Ops Person");
        assertThat(http.get("/").body()).contains("Held at version 1: Ops Person rolled back");

        JsonNode placed = http.get("/api/v1/events?kind=HOLD_PLACED").json().path("events");
        assertThat(placed).as(placed.toString()).hasSize(1);
        assertThat(placed.get(0).path("application").asText()).isEqualTo("cart");
        assertThat(placed.get(0).path("environment").asText()).isEqualTo("dev");
        assertThat(placed.get(0).path("actor").path("name").asText()).isEqualTo("Ops Person");
        assertThat(placed.get(0).path("payload").path("version").asLong()).isEqualTo(1);
        assertThat(placed.get(0).path("payload").path("reason").asText()).isEqualTo("rolled back from version 2 to 1");

        assertThat(deploy("dev", "cart", 3).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/holds").json().path("holds")).isEmpty();
        JsonNode ended = http.get("/api/v1/events?kind=HOLD_RELEASED").json().path("events");
        assertThat(ended).as(ended.toString()).hasSize(1);
        assertThat(ended.get(0).path("payload").path("reason").asText())
                .isEqualTo("version 3 deployed by hand, newer than the held 1");
        platform.release("cart", "dev");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(4);
        assertThat(http.delete("/api/v1/environments/dev/applications/cart/hold")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theLatestVersionIsTheHighestWhateverOrderCiReleasedIn() {
        platform.release("cart", Map.of("version", "5", "display_version", "1.5.0"), "dev");
        platform.release("cart", Map.of("version", "3", "display_version", "1.3.0"), "dev");
        deploy("dev", "cart", 3);
        // Deploying 3 over 5 is a rollback: it holds cart in dev against the train until the hold is released.
        assertThat(http.delete("/api/v1/environments/dev/applications/cart/hold")
                        .status())
                .isEqualTo(200);
        JsonNode released = http.get("/api/v1/events?kind=HOLD_RELEASED").json().path("events");
        assertThat(released).as(released.toString()).hasSize(1);
        assertThat(released.get(0).path("payload").path("version").asLong()).isEqualTo(3);
        assertThat(released.get(0).path("payload").path("reason").asText()).isEqualTo("released by hand");

        JsonNode before =
                http.get("/api/v1/overview").json().path("applications").get(0);
        JsonNode train = http.post("/api/v1/environments/dev/train").json();
        JsonNode after =
                http.get("/api/v1/overview").json().path("applications").get(0);

        assertThat(before.path("latestVersion").asLong()).as(before.toString()).isEqualTo(5);
        assertThat(before.path("environments")
                        .path("dev")
                        .path("displayVersion")
                        .asText())
                .isEqualTo("1.3.0");
        assertThat(after.path("environments").path("dev").path("displayVersion").asText())
                .as(after.toString())
                .isEqualTo("1.5.0");
        assertThat(train.toString()).contains("\"version\":5");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(5);
    }

    private Response deploy(String environment, String application, long version) {
        return http.postJsonWithHeaders(
                path(environment, application), json("version", version), author("Ops Person", "ops@example.com"));
    }

    private static String path(String environment, String application) {
        return "/api/v1/environments/" + environment + "/applications/" + application + "/deploy";
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
