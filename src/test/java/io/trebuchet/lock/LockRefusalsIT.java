package io.trebuchet.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingSharedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Locks that are refused: bad ids, messages, expiries, schedules, links, unknown targets. Every case checks that it
 * changed nothing, so the cases share one server per backend ({@link TestingSharedServers}); the cases that do change
 * things are in {@link LockApiIT}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class LockRefusalsIT {
    private static final TestingSharedServers SERVERS = new TestingSharedServers(LockRefusalsIT::setUp);

    @Parameter
    Backend backend;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/locks/environment/dev/x | {} | INVALID_LOCK",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"  \"} | INVALID_LOCK",
                "/api/v1/locks/environment/dev/.. | {\"message\": \"m\"} | INVALID_LOCK",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"expiresIn\": \"soon\"} | INVALID_REQUEST",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"expiresIn\": \"1h\", \"expiresAt\": \"2030-01-01T00:00:00Z\"} | INVALID_LOCK",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"schedule\": {\"schedule\": \"nightly\", \"duration\": \"8h\"}} | INVALID_SCHEDULE",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"schedule\": {\"schedule\": \"0 22 * * *\", \"duration\": \"8h\", \"timeZone\": \"Moon/Base\"}} | INVALID_SCHEDULE",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"ciLink\": \"ftp://x\"} | INVALID_LOCK",
                "/api/v1/locks/environment/dev/ok-id | {\"message\": \"m\", \"color\": \"red\"} | INVALID_JSON",
                "/api/v1/locks/environment/dev/ok-id | not json | INVALID_JSON",
                "/api/v1/locks/environment/nowhere/ok-id | {\"message\": \"m\"} | ENVIRONMENT_NOT_FOUND",
                "/api/v1/locks/application/dev/ghost/ok-id | {\"message\": \"m\"} | APPLICATION_NOT_FOUND",
                "/api/v1/locks/team/dev/bad team/ok-id | {\"message\": \"m\"} | INVALID_TEAM_NAME",
            })
    void invalidLocksAreRefusedAndChangeNothing(String path, String body, String code, TestingDatabases databases) {
        TestingHttp http = SERVERS.http(backend, databases);
        long events = lastEventId(http);

        Response response = http.putJson(path.replace(" ", "%20"), body);

        assertThat(response.status()).as(response.toString()).isBetween(400, 404);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(lastEventId(http)).isEqualTo(events);
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
    }

    /** The environments, and an application of a team, that the cases lock or name. */
    private static void setUp(TestingHttp http) {
        new TestingPlatform(http).threeStages();
        http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "cart")
                        .field("team", "payments")
                        .file("manifests[dev]", "m", TestingPlatform.manifest("cart", "dev"))
                        .file("manifests[staging]", "m", TestingPlatform.manifest("cart", "staging")));
    }

    private static long lastEventId(TestingHttp http) {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
