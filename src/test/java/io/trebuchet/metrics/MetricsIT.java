package io.trebuchet.metrics;

import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.RbacPolicy;
import io.trebuchet.auth.Signatures;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCommand;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics} of a real server after real traffic: Prometheus's own checker accepts it, and the figures say what
 * happened (requests by route and status, the export's commits and pushes and its lag, locks, trains, the DORA keys
 * per environment, the pool and the JVM).
 */
@ExtendWith(TestingDatabases.class)
class MetricsIT {
    private static final String BOOTSTRAP = "bootstrap-token-metrics-0123456789abcdef";

    @Test
    void metricsPassPromtoolAndTellWhatHappened(TestingDatabases databases) throws IOException {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingHttp http = server.http();
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            // Two releases ten minutes apart; dev gets each at once.
            platform.release("cart", "dev", "staging", "prod-de", "prod-fr");
            server.clock().advance(Duration.ofMinutes(10));
            platform.release("cart", "dev", "staging", "prod-de", "prod-fr");
            // Staging: version 1 after 70 minutes, version 2 after 90, then back to 1 twenty minutes later.
            server.clock().advance(Duration.ofMinutes(60));
            deploy(http, "staging", 1);
            server.clock().advance(Duration.ofMinutes(30));
            deploy(http, "staging", 2);
            server.clock().advance(Duration.ofMinutes(20));
            deploy(http, "staging", 1);
            assertThat(http.putJson("/api/v1/locks/environment/prod-de/freeze", "{\"message\":\"quiet\"}")
                            .status())
                    .isIn(200, 201);
            Response train = http.put("/api/environments/prod-fr/releasetrain");
            assertThat(train.status()).as(train.toString()).isEqualTo(200);
            assertThat(http.get("/api/v1/no-such-route").status()).isEqualTo(404);
            TestingWait.until(
                    "the export pushed every event",
                    Duration.ofSeconds(30),
                    () -> http.get("/api/v1/export/status")
                                    .json()
                                    .path("eventsBehind")
                                    .asLong()
                            == 0);

            Response scraped = http.get("/metrics");

            assertThat(scraped.status()).isEqualTo(200);
            String metrics = scraped.body();
            TestingCommand.Result promtool = promtool(metrics);
            assertThat(promtool.exitCode()).as(promtool.output()).isZero();

            // Requests by route template and status, as histograms.
            assertThat(value(
                            metrics,
                            "trebuchet_http_server_requests_seconds_count",
                            "method=\"POST\"",
                            "route=\"/api/v1/environments/{env}/applications/{app}/deploy\"",
                            "status=\"200\""))
                    .hasValue(3.0);
            assertThat(value(
                            metrics,
                            "trebuchet_http_server_requests_seconds_bucket",
                            "route=\"/api/v1/environments/{env}/applications/{app}/deploy\"",
                            "le=\"+Inf\""))
                    .hasValue(3.0);
            assertThat(value(
                            metrics,
                            "trebuchet_http_server_requests_seconds_count",
                            "route=\"unmatched\"",
                            "status=\"404\""))
                    .hasValue(1.0);
            assertThat(metrics).doesNotContain("no-such-route");

            // The export: commits and pushes timed, nothing behind.
            assertThat(value(metrics, "trebuchet_export_commit_seconds_count", "outcome=\"success\""))
                    .hasValueSatisfying(count -> assertThat(count).isPositive());
            assertThat(value(metrics, "trebuchet_export_push_seconds_count", "outcome=\"success\""))
                    .hasValueSatisfying(count -> assertThat(count).isPositive());
            assertThat(value(metrics, "trebuchet_export_push_seconds_count", "outcome=\"failure\""))
                    .hasValue(0.0);
            assertThat(value(metrics, "trebuchet_export_lag_events")).hasValue(0.0);
            assertThat(value(metrics, "trebuchet_export_lag_seconds")).hasValue(0.0);

            // What holds now.
            assertThat(value(metrics, "trebuchet_locks", "environment=\"prod-de\"", "kind=\"environment\""))
                    .hasValue(1.0);
            assertThat(value(metrics, "trebuchet_release_trains_total")).hasValue(1.0);

            // DORA: staging had three deployments, one of them a rollback after twenty minutes.
            assertThat(value(metrics, "trebuchet_dora_deployments", "environment=\"staging\""))
                    .hasValue(3.0);
            assertThat(value(metrics, "trebuchet_dora_deployment_frequency_per_day", "environment=\"staging\""))
                    .hasValue(0.1);
            // Lead times 70, 90 and 120 minutes: the median is 90.
            assertThat(value(metrics, "trebuchet_dora_lead_time_median_seconds", "environment=\"staging\""))
                    .hasValue(5400.0);
            assertThat(value(metrics, "trebuchet_dora_rollbacks", "environment=\"staging\""))
                    .hasValue(1.0);
            assertThat(value(metrics, "trebuchet_dora_change_failure_ratio", "environment=\"staging\""))
                    .hasValueSatisfying(ratio -> assertThat(ratio).isCloseTo(1.0 / 3, Offset.offset(1e-9)));
            assertThat(value(metrics, "trebuchet_dora_time_to_restore_median_seconds", "environment=\"staging\""))
                    .hasValue(1200.0);
            // Dev got each release the moment it was made, and never rolled back.
            assertThat(value(metrics, "trebuchet_dora_deployments", "environment=\"dev\""))
                    .hasValue(2.0);
            assertThat(value(metrics, "trebuchet_dora_lead_time_median_seconds", "environment=\"dev\""))
                    .hasValue(0.0);
            assertThat(value(metrics, "trebuchet_dora_rollbacks", "environment=\"dev\""))
                    .hasValue(0.0);
            assertThat(value(metrics, "trebuchet_dora_time_to_restore_median_seconds", "environment=\"dev\""))
                    .isEmpty();

            // The pool and the JVM.
            assertThat(value(metrics, "hikaricp_connections_max", "pool=\"trebuchet\""))
                    .hasValueSatisfying(max -> assertThat(max).isPositive());
            // One series per heap pool; a survivor space may be empty right after a collection, the heap never is.
            assertThat(sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
            assertThat(value(metrics, "process_uptime_seconds")).isPresent();
        }
    }

    @Test
    void withAuthenticationOnMetricsAskForAToken(TestingDatabases databases) {
        AuthSettings settings = new AuthSettings(
                        AuthSettings.Mode.TOKEN,
                        RbacPolicy.EMPTY,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        AuthSettings.DEFAULT_MAX_FAILURES,
                        AuthSettings.DEFAULT_FAILURE_WINDOW,
                        AuthSettings.DEFAULT_SESSION_LIFETIME,
                        Signatures.NONE,
                        false)
                .withBootstrapToken(BOOTSTRAP);
        try (TestingServer server = TestingServer.startWithAuth(Backend.POSTGRESQL, databases, settings)) {
            Response anonymous = server.http().get("/metrics");
            Response scraped = server.http().withBearer(BOOTSTRAP).get("/metrics");

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("trebuchet_http_server_requests_seconds_count");
        }
    }

    private static void deploy(TestingHttp http, String environment, long version) {
        Response response = http.postJson(
                "/api/v1/environments/" + environment + "/applications/cart/deploy", json("version", version));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static TestingCommand.Result promtool(String metrics) throws IOException {
        Path directory = TestingGit.temporaryDirectory("trebuchet-metrics");
        Path file = directory.resolve("metrics.txt");
        Files.writeString(file, metrics);
        return TestingCommand.run(
                directory,
                Map.of(),
                Duration.ofSeconds(30),
                List.of("sh", "-c", "promtool check metrics < metrics.txt"));
    }

    /** The sum of the samples {@code name} whose labels include every one of {@code labels}. */
    private static double sum(String metrics, String name, String... labels) {
        double total = 0;
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(name + "{") && matches(line, labels)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static boolean matches(String line, String... labels) {
        String series = line.substring(0, line.lastIndexOf(' '));
        for (String label : labels) {
            if (!series.contains(label)) {
                return false;
            }
        }
        return true;
    }

    /** The value of the sample {@code name} whose labels include every one of {@code labels}. */
    private static Optional<Double> value(String metrics, String name, String... labels) {
        for (String line : metrics.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            if (matches(line, labels)) {
                return Optional.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return Optional.empty();
    }
}
