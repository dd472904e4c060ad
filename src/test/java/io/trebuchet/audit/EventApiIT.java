package io.trebuchet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
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
class EventApiIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        TestingPlatform platform = new TestingPlatform(http).threeStages();
        platform.release("cart", "dev");
        platform.release("search", "dev");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pagesThroughEveryEventInOrderWithoutGaps() {
        List<Long> ids = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = http.get("/api/v1/events?limit=3&after=" + after).json();
            if (page.path("events").isEmpty()) {
                assertThat(page.path("next").asLong()).isEqualTo(after);
                break;
            }
            page.path("events").forEach(event -> ids.add(event.path("id").asLong()));
            after = page.path("next").asLong();
        }

        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void filtersByApplicationEnvironmentAndKind() {
        JsonNode cart = http.get("/api/v1/events?application=cart").json().path("events");
        JsonNode dev = http.get("/api/v1/events?environment=dev").json().path("events");
        JsonNode deployed =
                http.get("/api/v1/events?kind=DEPLOYED&environment=dev").json().path("events");

        assertThat(cart)
                .extracting(event -> event.path("kind").asText())
                .containsExactly("APPLICATION_CREATED", "RELEASE_CREATED", "DEPLOYED");
        assertThat(dev)
                .extracting(event -> event.path("kind").asText())
                .containsExactly("ENVIRONMENT_CREATED", "DEPLOYED", "DEPLOYED");
        assertThat(deployed)
                .extracting(event -> event.path("application").asText())
                .containsExactly("cart", "search");
        assertThat(deployed.get(0).path("payload").path("reason").asText()).isEqualTo("auto");
        assertThat(deployed.get(0).path("time").asText()).isEqualTo("2026-11-02T10:00:00Z");
    }

    @Test
    void badQueriesAreRefused() {
        assertThat(http.get("/api/v1/events?limit=0").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?limit=1001").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?after=-1").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?after=abc").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?kind=EXPLODED").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?application=Not_Valid").code()).isEqualTo("INVALID_APPLICATION_NAME");
    }

    @Test
    void filtersByActorIgnoringCaseAndByTimeRange() {
        TestingPlatform platform = new TestingPlatform(http);
        platform.release("cart", "dev", "staging");
        platform.release("search", "dev", "staging");
        server.clock().advance(Duration.ofHours(1));
        deploy("staging", "cart", TestingHttp.author("Ops Person", "ops@example.com"));
        server.clock().advance(Duration.ofHours(1));
        deploy("staging", "search", TestingHttp.author("Jane Doe", "jane@example.com"));

        JsonNode byEmail =
                http.get("/api/v1/events?actor=OPS@example.com").json().path("events");
        JsonNode byName = http.get("/api/v1/events?actor=jane%20doe").json().path("events");
        JsonNode inRange = http.get("/api/v1/events?since=2026-11-02T11:00:00Z&until=2026-11-02T12:00:00Z")
                .json()
                .path("events");
        JsonNode fromLocalTime =
                http.get("/api/v1/events?since=2026-11-02T11:00").json().path("events");
        JsonNode withOffset = http.get("/api/v1/events?until=2026-11-02T12:00:00%2B01:00")
                .json()
                .path("events");

        assertThat(byEmail)
                .extracting(event -> event.path("application").asText())
                .containsExactly("cart");
        assertThat(byName)
                .extracting(event -> event.path("application").asText())
                .containsExactly("search");
        assertThat(inRange)
                .extracting(event -> event.path("actor").path("name").asText())
                .containsExactly("Ops Person");
        assertThat(fromLocalTime).hasSize(2);
        assertThat(withOffset).hasSize(14);
    }

    @Test
    void pagesNewestFirstBeforeAnEventId() {
        JsonNode first = http.get("/api/v1/events?order=desc&limit=3").json();
        JsonNode second = http.get("/api/v1/events?order=desc&limit=3&before="
                        + first.path("next").asLong())
                .json();
        JsonNode last = http.get("/api/v1/events?order=desc&before=2").json();
        JsonNode none = http.get("/api/v1/events?order=desc&before=1").json();

        assertThat(first.path("events"))
                .extracting(event -> event.path("id").asLong())
                .containsExactly(10L, 9L, 8L);
        assertThat(first.path("next").asLong()).isEqualTo(8);
        assertThat(second.path("events"))
                .extracting(event -> event.path("id").asLong())
                .containsExactly(7L, 6L, 5L);
        assertThat(last.path("events"))
                .extracting(event -> event.path("id").asLong())
                .containsExactly(1L);
        assertThat(none.path("events")).isEmpty();
        assertThat(none.path("next").asLong()).isEqualTo(1);
    }

    @Test
    void badTimeAndOrderFiltersAreRefused() {
        assertThat(http.get("/api/v1/events?since=yesterday").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?until=2026-13-01T00:00:00Z").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?since=2026-11-02T12:00:00Z&until=2026-11-02T11:00:00Z")
                        .code())
                .isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?order=sideways").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?before=0").code()).isEqualTo("INVALID_REQUEST");
        assertThat(http.get("/api/v1/events?actor=" + "x".repeat(257)).code()).isEqualTo("INVALID_REQUEST");
    }

    private void deploy(String environment, String application, java.util.Map<String, String> author) {
        TestingHttp.Response response = http.postJsonWithHeaders(
                "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                "{\"version\":2}",
                author);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
