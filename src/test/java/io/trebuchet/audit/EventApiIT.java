package io.trebuchet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
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
}
