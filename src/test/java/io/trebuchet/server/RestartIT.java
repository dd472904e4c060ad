package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Nothing acknowledged is lost when the server stops and starts again on the same store. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class RestartIT {
    @Parameter
    Backend backend;

    private TestingServer server;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acknowledgedReleasesSurviveARestart() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(platform.release("app-" + (i % 4), "dev", "staging"));
        }
        String overviewBefore = server.http().get("/api/v1/overview").body();
        long eventsBefore = lastEventId(server.http());

        server.restart();

        TestingHttp http = server.http();
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/api/v1/applications/app-" + (i % 4) + "/releases/" + acknowledged.get(i))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(http.get("/api/v1/overview").body()).isEqualTo(overviewBefore);
        assertThat(lastEventId(http)).isEqualTo(eventsBefore);
        // Versions continue after the restart; event ids too.
        assertThat(new TestingPlatform(http).release("app-0", "dev")).isEqualTo(6);
        assertThat(lastEventId(http)).isEqualTo(eventsBefore + 2);
    }

    private static long lastEventId(TestingHttp http) {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
