package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload is answered, not suffered: beyond what the server takes on at once, requests are refused quickly with 503
 * {@code OVERLOADED} and {@code Retry-After}; the health check and the UI keep answering; the CLI waits as told and
 * gets through; and nothing is a 500.
 */
@ExtendWith(TestingDatabases.class)
class OverloadIT {
    private static final AdmissionSettings TIGHT = new AdmissionSettings(2, 2, 2, Duration.ofMillis(300));

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void requestsBeyondTheLimitsAreRefusedQuicklyWhileHealthAndPagesAnswer(TestingDatabases databases)
            throws Exception {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases, TIGHT)) {
            new TestingPlatform(server.http()).threeStages();
            try (Stalled stalled = Stalled.open(server, 2)) {
                assertThat(stalled.count()).isEqualTo(2);
                List<CompletableFuture<Answer>> burst = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    burst.add(sendAsync(server, "/api/v1/overview"));
                }
                for (CompletableFuture<Answer> pending : burst) {
                    Answer answer = pending.get(30, TimeUnit.SECONDS);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                    assertThat(answer.body()).contains("\"code\":\"OVERLOADED\"");
                    assertThat(answer.retryAfter()).isEqualTo("1");
                    assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(3));
                }
                Answer health = send(server, "/api/v1/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.elapsed()).isLessThan(Duration.ofSeconds(2));
                assertThat(send(server, "/").status()).isEqualTo(200);
                assertThat(send(server, "/assets/trebuchet.css").status()).isEqualTo(200);
            }
            // The stalled requests ended: their permits are back, and failed requests give theirs back too.
            for (int i = 0; i < 10; i++) {
                assertThat(server.http()
                                .postJson("/api/v1/environments/dev/applications/x/deploy", "{")
                                .status())
                        .isEqualTo(400);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(send(server, "/api/v1/overview").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void moreClientsThanConnectionsGetAnswersAndNever500(TestingDatabases databases) throws Exception {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            new TestingPlatform(server.http()).threeStages();
            int clients = 120;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<List<Integer>>> results = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    String application = "app-" + client;
                    results.add(pool.submit(() -> {
                        List<Integer> statuses = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            statuses.add(server.http()
                                    .postMultipart(
                                            "/api/release",
                                            io.trebuchet.testing.TestingHttp.Multipart.form()
                                                    .field("application", application)
                                                    .file(
                                                            "manifests[dev]",
                                                            "dev.yaml",
                                                            TestingPlatform.manifest(application, "dev") + "  round: \""
                                                                    + i + "\"\n"))
                                    .status());
                        }
                        return statuses;
                    }));
                }
                List<Duration> health = new ArrayList<>();
                while (results.stream().anyMatch(result -> !result.isDone())) {
                    Answer answer = send(server, "/api/v1/health");
                    assertThat(answer.status()).isEqualTo(200);
                    health.add(answer.elapsed());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<List<Integer>> result : results) {
                    statuses.addAll(result.get(2, TimeUnit.MINUTES));
                }
                assertThat(statuses)
                        .as("every answer is a release or a refusal for load")
                        .allMatch(status -> status == 201 || status == 503);
                assertThat(statuses).contains(201);
                assertThat(health).isNotEmpty();
                assertThat(health.stream().max(Duration::compareTo).orElseThrow())
                        .isLessThan(Duration.ofSeconds(5));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theCliWaitsAsToldAndGetsThrough(TestingDatabases databases) throws Exception {
        AdmissionSettings one = new AdmissionSettings(1, 1, 0, Duration.ZERO);
        Path files = Files.createTempDirectory("trebuchet-overload");
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases, one)) {
            new TestingPlatform(server.http()).threeStages();
            Path manifest = Files.writeString(files.resolve("dev.yaml"), TestingPlatform.manifest("cart", "dev"));
            TestingCli cli = new TestingCli(server.baseUrl());
            Stalled stalled = Stalled.open(server, 1);
            CompletableFuture<TestingCli.Result> release = CompletableFuture.supplyAsync(() -> cli.run(
                    "release", "--application", "cart", "--environment", "dev", "--manifest", manifest.toString()));
            long refusedBefore = refused(server);
            // The CLI is refused while the stalled request holds the only permit; then it is let through.
            io.trebuchet.testing.TestingWait.until(
                    "the CLI to be refused",
                    Duration.ofSeconds(30),
                    () -> refused(server) > refusedBefore || release.isDone());
            assertThat(release).isNotDone();
            stalled.close();
            TestingCli.Result result = release.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).contains("Created release 1 of cart");
        } finally {
            TestingFiles.deleteRecursively(files);
        }
    }

    private static long refused(TestingServer server) {
        return server.http()
                .get("/api/v1/health")
                .json()
                .path("load")
                .path("api")
                .path("refused")
                .asLong();
    }

    private record Answer(int status, String body, String retryAfter, Duration elapsed) {}

    private Answer send(TestingServer server, String path) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request(server, path), HttpResponse.BodyHandlers.ofString());
        return answer(response, start);
    }

    private CompletableFuture<Answer> sendAsync(TestingServer server, String path) {
        long start = System.nanoTime();
        return client.sendAsync(request(server, path), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(response, start));
    }

    private static HttpRequest request(TestingServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private static Answer answer(HttpResponse<String> response, long start) {
        return new Answer(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Retry-After").orElse(""),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * API requests that hold their permits: each sends its headers and the start of a body, then stalls until closed
     * (as a slow upload would).
     */
    private static final class Stalled implements AutoCloseable {
        private final List<Socket> sockets;

        private Stalled(List<Socket> sockets) {
            this.sockets = sockets;
        }

        static Stalled open(TestingServer server, int count) {
            URI uri = URI.create(server.baseUrl());
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket(uri.getHost(), uri.getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /api/v1/environments/stalled-" + i + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                                    + uri.getPort()
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sockets.add(socket);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Wait until the server has admitted them (the health check takes no permit, so it does not compete).
            io.trebuchet.testing.TestingWait.until(
                    count + " stalled requests to hold their permits",
                    Duration.ofSeconds(30),
                    () -> server.http()
                                    .get("/api/v1/health")
                                    .json()
                                    .path("load")
                                    .path("api")
                                    .path("inFlight")
                                    .asInt()
                            >= count);
            return new Stalled(sockets);
        }

        int count() {
            return sockets.size();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
