package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPostgres;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The probes mean what Kubernetes expects: live while the process serves, ready only while the store answers. A
 * database outage makes every replica unready (no traffic) but none is restarted.
 */
class HealthProbesIT {
    @Test
    void readinessFollowsTheStoreAndLivenessDoesNot() throws IOException {
        Path data = TestingGit.temporaryDirectory("trebuchet-probes");
        TestingPostgres postgres = TestingPostgres.startPrivate();
        try (TestingServer server = TestingServer.startOn(data, postgres.newDatabase())) {
            Response ready = server.http().get("/api/v1/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("ready");
            assertThat(ready.json().path("store").asText()).isEqualTo("postgresql");
            assertThat(server.http().get("/api/v1/health/live").status()).isEqualTo(200);

            postgres.close();

            Response unready = server.http().get("/api/v1/health/ready");
            assertThat(unready.status()).as(unready.body()).isEqualTo(503);
            assertThat(unready.json().path("status").asText()).isEqualTo("unavailable");
            assertThat(unready.json().path("code").asText()).isEqualTo("STORE_UNAVAILABLE");
            Response live = server.http().get("/api/v1/health/live");
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.json().path("status").asText()).isEqualTo("live");
        } finally {
            postgres.close();
        }
    }
}
