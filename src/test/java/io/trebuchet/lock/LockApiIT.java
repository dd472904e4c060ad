package io.trebuchet.lock;

import static io.trebuchet.testing.TestingHttp.author;
import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class LockApiIT {
    private static final String MESSAGE = "{\"message\": \"incident 42: payments down\"}";

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
        http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("team", "payments")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev"))
                        .file("manifests[staging]", "m", TestingPlatform.manifest("cart", "staging")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "/environments/dev/locks/l1, environment, ''",
        "/api/environments/dev/locks/l1, environment, ''",
        "/api/v1/locks/environment/dev/l1, environment, ''",
        "/environments/dev/applications/cart/locks/l1, application, cart",
        "/api/environments/dev/applications/cart/locks/l1, application, cart",
        "/api/v1/locks/application/dev/cart/l1, application, cart",
        "/api/environments/dev/lock/team/payments/l1, team, payments",
        "/api/v1/locks/team/dev/payments/l1, team, payments",
    })
    void everyLockKindOnEveryPathIsCreatedListedAndDeleted(String path, String kind, String scope) {
        Response created = http.putJsonWithHeaders(path, MESSAGE, author("Ops", "ops@example.com"));
        Response again = http.putJsonWithHeaders(path, MESSAGE, author("Ops", "ops@example.com"));

        // Kuberpult answers 200 to a new lock as to a repeated one; the native API says 201 for a new one.
        assertThat(created.status()).as(created.toString()).isEqualTo(path.startsWith("/api/v1/") ? 201 : 200);
        assertThat(created.json().path("created").asBoolean()).isTrue();
        assertThat(created.json().path("lock").path("kind").asText()).isEqualTo(kind);
        assertThat(created.json().path("lock").path("state").asText()).isEqualTo("active");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("changed").asBoolean()).isFalse();
        JsonNode listed =
                http.get("/api/v1/locks?environment=dev&kind=" + kind).json().path("locks");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo("l1");
        assertThat(listed.get(0).path("message").asText()).isEqualTo("incident 42: payments down");
        assertThat(listed.get(0).path("author").path("name").asText()).isEqualTo("Ops");
        if (!scope.isEmpty()) {
            assertThat(listed.get(0).path(kind).asText()).isEqualTo(scope);
        }

        Response deleted = http.delete(path);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
        if (path.startsWith("/api/v1/")) {
            assertThat(http.delete(path).code()).isEqualTo("LOCK_NOT_FOUND");
        } else {
            // Kuberpult's paths answer 200 to deleting an absent lock, as Kuberpult does.
            assertThat(http.delete(path).status()).isEqualTo(200);
        }
        assertThat(http.get("/api/v1/events?kind=LOCK_CREATED").json().path("events"))
                .hasSize(1);
        assertThat(http.get("/api/v1/events?kind=LOCK_DELETED").json().path("events"))
                .hasSize(1);
    }

    @Test
    void groupLockPutsOneEnvironmentLockOnEachMember() {
        Response created = http.putJson("/environment-groups/production/locks/release-freeze", MESSAGE);
        Response again = http.putJson("/environment-groups/production/locks/release-freeze", MESSAGE);

        // Kuberpult's handlePutEnvironmentGroupLock answers 201 to every accepted PUT.
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        JsonNode locks = http.get("/api/v1/locks").json().path("locks");
        assertThat(locks).extracting(lock -> lock.path("environment").asText()).containsExactly("prod-de", "prod-fr");
        assertThat(locks).allSatisfy(lock -> {
            assertThat(lock.path("id").asText()).isEqualTo("release-freeze");
            assertThat(lock.path("group").asText()).isEqualTo("production");
        });

        Response deleted = http.delete("/api/v1/locks/group/production/release-freeze");
        assertThat(deleted.json().path("deleted")).hasSize(2);
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
        assertThat(http.putJson("/api/v1/locks/group/nothing/x1", MESSAGE).code())
                .isEqualTo("ENVIRONMENT_GROUP_NOT_FOUND");
    }

    @Test
    void jsonSentWithCurlsFormContentTypeIsReadAsJson() {
        Response response = http.putWithContentType(
                "/api/v1/locks/environment/dev/curl-d",
                "application/x-www-form-urlencoded",
                "{\"message\": \"sent with curl -d\", \"expiresIn\": \"1h\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().path("lock").path("expiresAt").asText()).isEqualTo("2026-11-02T11:00:00Z");
    }

    @Test
    void formMessageIsAcceptedLikeKuberpultClientsSendIt() {

        Response response = http.putMultipart(
                "/environments/dev/locks/from-form", Multipart.form().field("message", "m"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("created").asBoolean()).isTrue();
    }

    @Test
    void manualDeployIsRefusedByDefaultAndNamesTheLock() {
        platform.release("cart", "dev", "staging");
        http.putJson("/api/v1/locks/application/staging/cart/hold", "{\"message\": \"waiting for QA\"}");
        long events = lastEventId();

        Response refused = deploy("staging", "cart", 1, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("DEPLOYMENT_BLOCKED");
        assertThat(refused.json().path("message").asText()).contains("hold", "waiting for QA");
        assertThat(refused.json()
                        .path("details")
                        .path("blockedBy")
                        .get(0)
                        .path("cause")
                        .asText())
                .isEqualTo("APPLICATION_LOCKED");
        assertThat(lastEventId()).isEqualTo(events);
    }

    @Test
    void ignoreDeploysThroughLocksAndIsAudited() {
        http.putJson("/api/v1/locks/environment/staging/freeze", MESSAGE);

        Response deployed = deploy("staging", "cart", 1, "ignore");

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        assertThat(deployed.json().path("result").asText()).isEqualTo("deployed");
        assertThat(deployed.json().path("ignoredBlockers").get(0).path("cause").asText())
                .isEqualTo("ENVIRONMENT_LOCKED");
        JsonNode event = http.get("/api/v1/events?kind=DEPLOYED&environment=staging")
                .json()
                .path("events")
                .get(0);
        assertThat(event.path("payload").path("ignoredBlockers").get(0).asText())
                .contains("freeze");
    }

    @Test
    void recordQueuesTheVersionWithoutDeploying() {
        http.putJson("/api/v1/locks/team/staging/payments/team-hold", MESSAGE);

        Response queued = deploy("staging", "cart", 1, "record");

        assertThat(queued.json().path("result").asText()).isEqualTo("queued");
        assertThat(queued.json().path("changed").asBoolean()).isFalse();
        assertThat(queued.json().path("blockedBy").get(0).path("cause").asText())
                .isEqualTo("TEAM_LOCKED");
        JsonNode cart = http.get("/api/v1/applications/cart").json();
        assertThat(cart.path("environments").has("staging")).isFalse();
        assertThat(cart.path("queued").path("staging").path("version").asLong()).isEqualTo(1);
        assertThat(cart.path("locks").path("staging").get(0).path("id").asText())
                .isEqualTo("team-hold");
    }

    @Test
    void lockedLatestEnvironmentQueuesNewReleasesAndUnlockingNeverDeploysThem() {
        http.putJson("/api/v1/locks/environment/dev/maintenance", MESSAGE);

        Response release = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev") + "  v: \"2\"\n"));

        assertThat(release.json().path("autoDeployments").get(0).path("status").asText())
                .isEqualTo("queued");
        assertThat(deployedVersion("dev")).isEqualTo(1);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("queued")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(2);
        assertThat(http.get("/api/v1/events?kind=DEPLOYMENT_QUEUED").json().path("events"))
                .hasSize(1);

        http.delete("/api/v1/locks/environment/dev/maintenance");

        assertThat(deployedVersion("dev")).isEqualTo(1);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("queued")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(2);

        deploy("dev", "cart", 2, null);

        assertThat(deployedVersion("dev")).isEqualTo(2);
        assertThat(http.get("/api/v1/applications/cart").json().path("queued").has("dev"))
                .isFalse();
    }

    @Test
    void expiredLockStopsBlockingAndShowsAsExpired() {
        http.putJson("/api/v1/locks/environment/staging/short", "{\"message\": \"an hour\", \"expiresIn\": \"1h\"}");
        assertThat(deploy("staging", "cart", 1, null).status()).isEqualTo(409);

        server.clock().advance(Duration.ofMinutes(61));

        assertThat(deploy("staging", "cart", 1, null).status()).isEqualTo(200);
        JsonNode lock = http.get("/api/v1/locks").json().path("locks").get(0);
        assertThat(lock.path("state").asText()).isEqualTo("expired");
        assertThat(lock.path("expiresAt").asText()).isEqualTo("2026-11-02T11:00:00Z");
        assertThat(http.get("/api/v1/locks?state=active").json().path("locks")).isEmpty();
    }

    @Test
    void scheduledLockBlocksOnlyInsideItsWindow() {
        http.putJson(
                "/api/v1/locks/environment/staging/nightly",
                "{\"message\": \"no deploys at night\", \"schedule\": {\"schedule\": \"0 22 * * *\", \"duration\": \"8h\","
                        + " \"timeZone\": \"UTC\"}}");
        assertThat(http.get("/api/v1/locks")
                        .json()
                        .path("locks")
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("dormant");
        assertThat(deploy("staging", "cart", 1, null).status()).isEqualTo(200);

        platform.release("cart", "dev", "staging");
        server.clock().set(Instant.parse("2026-11-02T23:30:00Z"));

        Response night = deploy("staging", "cart", 2, null);
        assertThat(night.status()).isEqualTo(409);
        assertThat(http.get("/api/v1/locks")
                        .json()
                        .path("locks")
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("active");

        server.clock().set(Instant.parse("2026-11-03T06:00:00Z"));
        assertThat(deploy("staging", "cart", 2, null).status()).isEqualTo(200);
    }

    @Test
    void overviewWarnsAboutLocksPastTheirSuggestedLifetime() {
        http.putJson(
                "/api/v1/locks/environment/staging/incident",
                "{\"message\": \"incident\", \"suggestedLifetime\": \"2h\"}");
        server.clock().advance(Duration.ofHours(3));

        JsonNode staging = http.get("/api/v1/overview")
                .json()
                .path("environmentGroups")
                .get(1)
                .path("environments")
                .get(0);

        assertThat(staging.path("locks").get(0).path("pastSuggestedLifetime").asBoolean())
                .isTrue();
        assertThat(staging.path("warnings").get(0).path("code").asText()).isEqualTo("LOCK_PAST_SUGGESTED_LIFETIME");
    }

    @Test
    void environmentWithLocksCannotBeDeleted() {
        http.putJson("/api/v1/locks/environment/prod-fr/keep", MESSAGE);

        assertThat(http.delete("/api/v1/environments/prod-fr").code()).isEqualTo("ENVIRONMENT_NOT_EMPTY");
    }

    private Response deploy(String environment, String application, long version, String lockBehavior) {
        String body = lockBehavior == null
                ? json("version", version)
                : json("version", version, "lockBehavior", lockBehavior);
        return http.postJson("/api/v1/environments/" + environment + "/applications/" + application + "/deploy", body);
    }

    private long deployedVersion(String environment) {
        return http.get("/api/v1/applications/cart")
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
