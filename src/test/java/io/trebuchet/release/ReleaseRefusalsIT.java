package io.trebuchet.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingSharedServers;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Releases that are refused, each with its stable code. Every case checks that it changed nothing, so the cases share
 * one server per backend ({@link TestingSharedServers}); the cases that do change things are in {@link ReleaseApiIT}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ReleaseRefusalsIT {
    private static final TestingSharedServers SERVERS =
            new TestingSharedServers(http -> new TestingPlatform(http).threeStages());

    @Parameter
    Backend backend;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("io.trebuchet.release.ReleaseApiIT#invalidReleases")
    void invalidReleaseIsRefusedWithAStableCodeAndChangesNothing(
            String code, UnaryOperator<Multipart> form, TestingDatabases databases) {
        TestingHttp http = SERVERS.http(backend, databases);
        long events = lastEventId(http);

        Response response = http.postMultipart("/release", form.apply(Multipart.form()));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(lastEventId(http)).isEqualTo(events);
        assertThat(http.get("/api/v1/applications").json().path("applications").size())
                .isZero();
    }

    private static long lastEventId(TestingHttp http) {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
