package io.trebuchet.config;

import static io.trebuchet.testing.TestingHttp.author;
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
class ConfigApiIT {
    private static final String THREE_STAGES = """
            {"platform": {"name": "shop"},
             "environments": [
               {"name": "prod-de", "config": {"upstream": {"environment": "staging"}, "environmentGroup": "production"}},
               {"name": "staging", "config": {"upstream": {"environment": "dev"}}},
               {"name": "dev", "config": {"upstream": {"latest": true}}}],
             "applications": [{"name": "cart", "team": "payments"}, {"name": "search"}]}
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
    void applyCreatesThePlatformAndApplyingAgainChangesNothing() {
        Response applied = http.postJsonWithHeaders(
                "/api/v1/config/apply", THREE_STAGES, author("Platform Team", "platform@example.com"));

        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        JsonNode body = applied.json();
        assertThat(body.path("applied").asBoolean()).isTrue();
        assertThat(body.path("summary").toString()).isEqualTo("{\"create\":5,\"delete\":0,\"update\":0}");
        assertThat(names(body.path("changes"))).containsExactly("dev", "staging", "prod-de", "cart", "search");
        assertThat(names(http.get("/api/v1/environments").json().path("environments")))
                .containsExactly("dev", "staging", "prod-de");
        JsonNode cart = http.get("/api/v1/applications/cart").json();
        assertThat(cart.path("team").asText()).isEqualTo("payments");
        assertThat(cart.has("latestVersion")).isFalse();
        JsonNode events = http.get("/api/v1/events").json().path("events");
        assertThat(kinds(events))
                .containsExactly(
                        "ENVIRONMENT_CREATED",
                        "ENVIRONMENT_CREATED",
                        "ENVIRONMENT_CREATED",
                        "APPLICATION_CREATED",
                        "APPLICATION_CREATED");
        assertThat(events.get(3).path("actor").path("name").asText()).isEqualTo("Platform Team");
        assertThat(events.get(3).path("payload").path("team").asText()).isEqualTo("payments");

        long lastEvent = lastEventId();
        Response again = http.postJson("/api/v1/config/apply", THREE_STAGES);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("applied").asBoolean()).isFalse();
        assertThat(again.json().path("changes")).isEmpty();
        assertThat(lastEventId()).isEqualTo(lastEvent);
        assertThat(http.postJson("/api/v1/config/plan?prune=true", THREE_STAGES)
                        .json()
                        .path("changes"))
                .isEmpty();
    }

    @Test
    void imageSourcesAreDeclaredWithTheirApplications() {
        String platform = """
                {"platform": {"name": "shop"},
                 "environments": [{"name": "dev", "config": {"upstream": {"latest": true}}}],
                 "applications": [{"name": "geo", "template": "kind: ConfigMap\\nmetadata:\\n  name: geo-{{image.tag}}\\n",
                   "imageSources": {"image": {"image": "http://127.0.0.1:9/team/geo", "interval": "10m",
                     "policy": {"alphabetical": {"order": "asc"}},
                     "filterTags": {"pattern": "^v1_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$", "extract": "$datetime"}}}}]}
                """;

        JsonNode applied = http.postJson("/api/v1/config/apply", platform).json();
        JsonNode again = http.postJson("/api/v1/config/apply", platform).json();
        JsonNode switched = http.postJson("/api/v1/config/apply", platform.replace("^v1_", "^v2_"))
                .json();
        Response invalid = http.postJson("/api/v1/config/plan", platform.replace("\"10m\"", "\"1s\""));

        assertThat(applied.path("changes").toString()).as(applied.toString()).contains("\"kind\":\"image_source\"");
        assertThat(names(applied.path("changes"))).containsExactly("dev", "geo", "geo/image");
        assertThat(again.path("changes")).isEmpty();
        assertThat(names(switched.path("changes"))).containsExactly("geo/image");
        assertThat(switched.path("changes").get(0).path("action").asText()).isEqualTo("update");
        assertThat(switched.path("changes").get(0).path("fields").toString())
                .contains("filterTags.pattern", "^v2_[a-fA-F0-9]{7}_(?P<datetime>.*)Z$");
        JsonNode sources = http.get("/api/v1/image-sources").json().path("imageSources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).path("filterTags").path("pattern").asText()).startsWith("^v2_");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("interval must be at least 10s");

        String withoutGeo = """
                {"platform": {"name": "shop"},
                 "environments": [{"name": "dev", "config": {"upstream": {"latest": true}}}]}
                """;
        JsonNode pruned =
                http.postJson("/api/v1/config/apply?prune=true", withoutGeo).json();
        assertThat(names(pruned.path("changes"))).as(pruned.toString()).containsExactly("geo/image", "geo");
        assertThat(http.get("/api/v1/image-sources").json().path("imageSources"))
                .isEmpty();
    }

    @Test
    void planChangesNothing() {
        Response plan = http.postJson("/api/v1/config/plan", THREE_STAGES);

        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().path("applied").asBoolean()).isFalse();
        assertThat(plan.json().path("changes")).hasSize(5);
        assertThat(http.get("/api/v1/environments").json().path("environments")).isEmpty();
        assertThat(lastEventId()).isZero();
    }

    @Test
    void changesAreRecordedFieldByFieldWithTheirEvents() {
        http.postJson("/api/v1/config/apply", THREE_STAGES);
        String changed = THREE_STAGES
                .replace("\"team\": \"payments\"", "\"team\": \"checkout\"")
                .replace("\"environmentGroup\": \"production\"", "\"environmentGroup\": \"prod\"");

        JsonNode applied = http.postJson("/api/v1/config/apply", changed).json();

        assertThat(applied.path("summary").toString()).isEqualTo("{\"create\":0,\"delete\":0,\"update\":2}");
        JsonNode prod = applied.path("changes").get(0);
        assertThat(prod.path("name").asText()).isEqualTo("prod-de");
        assertThat(prod.path("fields").toString())
                .isEqualTo("[{\"path\":\"environmentGroup\",\"before\":\"production\",\"after\":\"prod\"}]");
        JsonNode events = http.get("/api/v1/events?after=5").json().path("events");
        assertThat(kinds(events)).containsExactly("ENVIRONMENT_UPDATED", "APPLICATION_UPDATED");
        assertThat(events.get(1).path("payload").toString())
                .isEqualTo("{\"previousTeam\":\"payments\",\"team\":\"checkout\"}");
        assertThat(http.get("/api/v1/environments/prod-de")
                        .json()
                        .path("environmentGroup")
                        .asText())
                .isEqualTo("prod");
    }

    @Test
    void withoutPruneWhatTheServerHasMoreIsKeptAndListed() {
        new TestingPlatform(http).environment("qa", "{\"upstream\":{\"latest\":true}}");

        JsonNode applied = http.postJson("/api/v1/config/apply", THREE_STAGES).json();

        assertThat(applied.path("undeclared").toString())
                .isEqualTo("{\"applications\":[],\"environments\":[\"qa\"],\"stacks\":[]}");
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(200);
    }

    @Test
    void pruneDeletesWhatIsNotDeclaredDownstreamFirstWithTheReleasesOfUndeployedApplications() {
        TestingPlatform platform = new TestingPlatform(http).threeStages();
        platform.release("legacy", "dev");
        http.delete("/api/v1/applications/legacy");
        String devOnly = """
                {"environments": [{"name": "dev", "config": {"upstream": {"latest": true}}}]}
                """;

        JsonNode plan = http.postJson("/api/v1/config/plan?prune=true", devOnly).json();
        JsonNode applied =
                http.postJson("/api/v1/config/apply?prune=true", devOnly).json();

        assertThat(applied.path("changes")).isEqualTo(plan.path("changes"));
        assertThat(names(applied.path("changes"))).containsExactly("legacy", "prod-fr", "prod-de", "staging");
        assertThat(applied.path("changes").get(0).path("note").asText()).isEqualTo("archives it; its 1 release stays");
        assertThat(http.get("/api/v1/applications/legacy").code()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(names(http.get("/api/v1/environments").json().path("environments")))
                .containsExactly("dev");
        JsonNode deleted =
                http.get("/api/v1/events?kind=APPLICATION_DELETED").json().path("events");
        assertThat(deleted.get(0).path("payload").path("releasesKept").asLong()).isEqualTo(1);
        // History is kept: releasing again brings the application back, and versions continue.
        assertThat(platform.release("legacy", "dev")).isEqualTo(2);
        assertThat(http.get("/api/v1/applications/legacy")
                        .json()
                        .path("latestVersion")
                        .asLong())
                .isEqualTo(2);

        assertThat(http.get("/api/v1/events?kind=ENVIRONMENT_DELETED").json().path("events"))
                .hasSize(3);
    }

    @Test
    void aRefusedPruneChangesNothingAndNamesEveryCause() {
        TestingPlatform platform = new TestingPlatform(http).threeStages();
        platform.release("cart", "dev", "staging");
        http.postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}");
        long lastEvent = lastEventId();
        String platformWithoutStaging = """
                {"environments": [
                   {"name": "dev", "config": {"upstream": {"latest": true}}},
                   {"name": "qa", "config": {"upstream": {"environment": "dev"}}},
                   {"name": "prod-de", "config": {"upstream": {"environment": "dev"}}},
                   {"name": "prod-fr", "config": {"upstream": {"environment": "dev"}}}]}
                """;

        Response refused = http.postJson("/api/v1/config/apply?prune=true", platformWithoutStaging);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("APPLICATION_IN_USE");
        assertThat(refused.json().path("message").asText())
                .isEqualTo("application cart is not declared, so pruning would delete it, but it still runs in dev,"
                        + " staging; undeploy it first; environment staging is not declared, so pruning would"
                        + " delete it, but it still runs cart; remove them first");
        assertThat(refused.json().path("details").path("problems")).hasSize(2);
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/environments/prod-de")
                        .json()
                        .path("config")
                        .toString())
                .contains("staging");
        assertThat(lastEventId()).isEqualTo(lastEvent);
    }

    @Test
    void pruneRefusesToDeleteAnEnvironmentThatADeclaredOneFollows() {
        new TestingPlatform(http).threeStages();

        Response refused = http.postJson(
                "/api/v1/config/apply?prune=true",
                "{\"environments\": [{\"name\": \"staging\", \"config\": {\"upstream\": {\"environment\": \"dev\"}}}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("ENVIRONMENT_IN_USE");
        assertThat(http.get("/api/v1/environments").json().path("environments")).hasSize(4);
    }

    @Test
    void anApplicationDeclaredBeforeItsFirstReleaseKeepsItsTeam() {
        http.postJson("/api/v1/config/apply", THREE_STAGES);

        long version = new TestingPlatform(http).release("cart", "dev");

        assertThat(version).isEqualTo(1);
        assertThat(http.get("/api/v1/applications/cart").json().path("team").asText())
                .isEqualTo("payments");
        assertThat(kinds(http.get("/api/v1/events?application=cart").json().path("events")))
                .containsExactly("APPLICATION_CREATED", "RELEASE_CREATED", "DEPLOYED");
        assertThat(http.postJson("/api/v1/config/plan", THREE_STAGES).json().path("changes"))
                .isEmpty();
    }

    @Test
    void invalidPlatformsAreRefusedWithTheFieldAndChangeNothing() {
        assertRefused(
                "/api/v1/config/apply?prune=maybe",
                THREE_STAGES,
                400,
                "INVALID_REQUEST",
                "prune must be true or false");
        assertRefused(
                "/api/v1/config/apply",
                "{\"environments\": [], \"policies\": []}",
                400,
                "INVALID_JSON",
                "unknown field 'policies'");
        assertRefused(
                "/api/v1/config/apply",
                "{\"applications\": [{\"name\": \"cart\", \"stack\": \"nothing\"}]}",
                404,
                "STACK_NOT_FOUND",
                "application cart names stack nothing, which is not declared nor on the server");

        assertRefused(
                "/api/v1/config/apply",
                "{\"applications\": [{\"name\": \"cart\"}, {\"name\": \"cart\"}]}",
                400,
                "INVALID_PLATFORM_CONFIG",
                "applications declare cart twice");
        assertRefused(
                "/api/v1/config/apply",
                "{\"environments\": [{\"name\": \"dev\", \"config\": {\"upstream\": {\"latest\": false}}}]}",
                400,
                "INVALID_ENVIRONMENT_CONFIG",
                "at 'environments[0].config.upstream'");
        assertRefused(
                "/api/v1/config/plan",
                "{\"environments\": [{\"name\": \"staging\", \"config\": {\"upstream\": {\"environment\": \"dev\"}}}]}",
                400,
                "UNKNOWN_UPSTREAM",
                "environment staging names upstream environment dev, which does not exist");
        assertRefused("/api/v1/config/apply", "", 400, "INVALID_JSON", "platform is missing");
        assertThat(lastEventId()).isZero();
    }

    private void assertRefused(String path, String body, int status, String code, String message) {
        Response response = http.postJson(path, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).contains(message);
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static List<String> kinds(JsonNode events) {
        List<String> kinds = new ArrayList<>();
        events.forEach(event -> kinds.add(event.path("kind").asText()));
        return kinds;
    }
}
