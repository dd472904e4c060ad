package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingPostgres;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while clients release and read: the requests it cuts off, and those that wait for it longer than
 * the store's connection timeout, fail with {@code 503 STORE_UNAVAILABLE} (nothing else: no 500), the pool reconnects
 * by itself once it is back, every acknowledged release is stored, and every release stored is whole (its event and its
 * deployment where {@code latest} is followed were written with it, or nothing was).
 */
class PostgresRestartIT {
    private static final int CLIENTS = 4;

    /** One answer to one client's request, and when it was sent: before the restart, while down, after. */
    private record Outcome(int client, Phase phase, String application, Response response) {}

    private enum Phase {
        BEFORE,
        DOWN,
        AFTER
    }

    @Test
    void requestsFailWith503WhileTheStoreRestartsAndThePoolRecoversWithNothingHalfWritten()
            throws IOException, InterruptedException {
        Path data = TestingGit.temporaryDirectory("trebuchet-restart");
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (TestingPostgres postgres = TestingPostgres.startRestartable();
                TestingServer server = TestingServer.startOn(data, postgres.newDatabase())) {
            TestingHttp http = server.http();
            new TestingPlatform(http).threeStages();
            Phase[] phase = {Phase.BEFORE};
            List<Future<?>> futures = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int number = client;
                futures.add(clients.submit(() -> traffic(http, number, running, () -> phase[0], outcomes)));
            }
            TestingWait.until("traffic flows", Duration.ofSeconds(30), () -> successes(outcomes, Phase.BEFORE) >= 20);

            phase[0] = Phase.DOWN;
            postgres.stop();
            TestingWait.until(
                    "a request failed while the store was down",
                    Duration.ofSeconds(30),
                    () -> outcomes.stream()
                            .anyMatch(outcome -> outcome.response().status() == 503));
            Response unready = http.get("/api/v1/health/ready");
            Response metricsWhileDown = http.get("/metrics");
            postgres.startAgain();
            phase[0] = Phase.AFTER;
            TestingWait.until(
                    "every client succeeds again",
                    Duration.ofSeconds(60),
                    () -> java.util.stream.IntStream.range(0, CLIENTS)
                            .allMatch(client -> outcomes.stream()
                                            .filter(outcome -> outcome.client() == client
                                                    && outcome.phase() == Phase.AFTER
                                                    && outcome.response().status() < 300)
                                            .count()
                                    >= 3));
            running.set(false);
            for (Future<?> client : futures) {
                client.get(60, TimeUnit.SECONDS);
            }

            // Every answer is a success or the one refusal for a store that does not answer.
            List<Outcome> unexpected = outcomes.stream()
                    .filter(outcome -> outcome.response().status() >= 300
                            && !(outcome.response().status() == 503
                                    && outcome.response().code().equals("STORE_UNAVAILABLE")))
                    .toList();
            assertThat(unexpected).isEmpty();
            long refused = outcomes.stream()
                    .filter(outcome -> outcome.response().status() == 503)
                    .count();
            assertThat(refused).isPositive();
            assertThat(unready.status()).as(unready.body()).isIn(503);
            assertThat(unready.json().path("code").asText()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(http.get("/api/v1/health/ready").status()).isEqualTo(200);
            // Metrics still answer, with what they could not read from the store counted and the lag unknown.
            assertThat(metricsWhileDown.status()).isEqualTo(200);
            assertThat(metricsWhileDown.body())
                    .contains("trebuchet_metrics_store_failures_total 1.0")
                    .contains("trebuchet_export_lag_events NaN")
                    .containsPattern("trebuchet_http_server_requests_seconds_count\\{[^}]*status=\"503\"");

            // Nothing acknowledged is lost, nothing is half-written.
            for (int client = 0; client < CLIENTS; client++) {
                String application = application(client);
                Set<Long> acknowledged = new TreeSet<>();
                outcomes.stream()
                        .filter(outcome -> outcome.application().equals(application)
                                && outcome.response().status() == 201)
                        .forEach(outcome -> acknowledged.add(
                                outcome.response().json().path("version").asLong()));
                Set<Long> stored = storedVersions(http, application);
                Set<Long> recorded = recordedVersions(http, application);

                assertThat(stored).as(application).containsAll(acknowledged);
                assertThat(recorded).as(application).isEqualTo(stored);
                assertThat(http.get("/api/v1/applications/" + application)
                                .json()
                                .path("environments")
                                .path("dev")
                                .path("version")
                                .asLong())
                        .as(application)
                        .isEqualTo(
                                stored.stream().mapToLong(Long::longValue).max().orElseThrow());
            }
            TestingWait.until(
                    "the export catches up",
                    Duration.ofSeconds(60),
                    () -> http.get("/api/v1/export/status")
                                    .json()
                                    .path("eventsBehind")
                                    .asLong()
                            == 0);
            System.out.printf(
                    "PostgreSQL restart: %d requests, %d refused with 503 STORE_UNAVAILABLE (%d sent before the"
                            + " restart, %d while down, %d after)%n",
                    outcomes.size(),
                    refused,
                    outcomes.stream().filter(o -> o.phase() == Phase.BEFORE).count(),
                    outcomes.stream().filter(o -> o.phase() == Phase.DOWN).count(),
                    outcomes.stream().filter(o -> o.phase() == Phase.AFTER).count());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a client failed", e);
        } finally {
            running.set(false);
            clients.shutdownNow();
        }
    }

    /** Releases a new version of the client's application, then reads it back, until told to stop. */
    private static void traffic(
            TestingHttp http,
            int client,
            AtomicBoolean running,
            java.util.function.Supplier<Phase> phase,
            List<Outcome> outcomes) {
        String application = application(client);
        for (int request = 0; running.get(); request++) {
            Phase sent = phase.get();
            Response response = request % 2 == 0
                    ? http.postMultipart(
                            "/api/release",
                            Multipart.form()
                                    .field("application", application)
                                    .file(
                                            "manifests[dev]",
                                            "dev.yaml",
                                            TestingPlatform.manifest(application, "dev") + "  request: \"" + request
                                                    + "\"\n"))
                    : http.get("/api/v1/applications/" + application);
            outcomes.add(new Outcome(client, sent, application, response));
        }
    }

    /** Every version of {@code application} the store has, page by page. */
    private static Set<Long> storedVersions(TestingHttp http, String application) {
        Set<Long> versions = new TreeSet<>();
        String page = "/api/v1/applications/" + application + "/releases?limit=100";
        while (true) {
            Response response = http.get(page);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.json()
                    .path("releases")
                    .forEach(release -> versions.add(release.path("version").asLong()));
            JsonNode next = response.json().path("nextBefore");
            if (next.isMissingNode()) {
                return versions;
            }
            page = "/api/v1/applications/" + application + "/releases?limit=100&before=" + next.asLong();
        }
    }

    /** The versions the event log says were released for {@code application}. */
    private static Set<Long> recordedVersions(TestingHttp http, String application) {
        Set<Long> versions = new TreeSet<>();
        long after = 0;
        while (true) {
            Response response = http.get(
                    "/api/v1/events?kind=RELEASE_CREATED&limit=1000&application=" + application + "&after=" + after);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode events = response.json().path("events");
            if (events.isEmpty()) {
                return versions;
            }
            events.forEach(
                    event -> versions.add(event.path("payload").path("version").asLong()));
            after = response.json().path("next").asLong();
        }
    }

    private static long successes(List<Outcome> outcomes, Phase phase) {
        return outcomes.stream()
                .filter(outcome ->
                        outcome.phase() == phase && outcome.response().status() < 300)
                .count();
    }

    private static String application(int client) {
        return "restart-" + client;
    }
}
