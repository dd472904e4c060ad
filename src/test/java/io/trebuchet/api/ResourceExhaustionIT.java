package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inputs whose cost is not their size — alias bombs, deep nesting, many documents, huge numbers, schedules that never
 * fire, aliases that multiply a value — are refused with a 4xx at once, change nothing, and do not slow down anyone
 * else: while several clients send them in a loop, a second client's health and overview requests keep their pace.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ResourceExhaustionIT {
    /** How long the bad clients keep sending. */
    private static final Duration LOAD = Duration.ofSeconds(12);

    private static final int BAD_CLIENTS = 3;
    /** A bad request is refused while it is parsed; minutes before the limits. Generous for a loaded machine. */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(2);

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    /** One hostile input: how to send it and the refusal it must get. */
    private record BadInput(String name, Function<TestingHttp, Response> send, String code) {}

    /** What a bad client saw: which input, the answer, and how long it took. */
    private record Answer(String input, Response response, long nanos) {}

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        TestingPlatform platform = new TestingPlatform(http).threeStages();
        for (String application : List.of("cart", "tiles", "maps")) {
            platform.release(application, "dev", "staging");
        }
        Response template = http.putJson(
                "/api/v1/applications/echo",
                Json.write(Map.of(
                        "template",
                        "kind: ConfigMap\nv: &v \"{{p}}\"\nl: [" + "*v, ".repeat(999) + "*v]\n",
                        "environments",
                        List.of("dev"))));
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void costlyInputsAreRefusedAtOnceWhileOthersAreAnsweredAsUsual() throws Exception {
        List<BadInput> inputs = badInputs();
        for (BadInput input : inputs) {
            // Each on its own first: the refusal it must get, with a code that says why.
            Answer answer = send(input, http);
            assertThat(answer.response().status())
                    .as(input.name() + ": " + answer.response())
                    .isBetween(400, 499);
            assertThat(answer.response().code())
                    .as(input.name() + ": " + answer.response())
                    .isEqualTo(input.code());
        }
        long events = lastEventId();
        TestingHttp probe = new TestingHttp(server.baseUrl());
        long idle = p99(measure(probe, Duration.ofSeconds(3)));

        AtomicBoolean loading = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        List<Long> loaded;
        try (ExecutorService executor = Executors.newFixedThreadPool(BAD_CLIENTS)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int client = 0; client < BAD_CLIENTS; client++) {
                int first = client;
                clients.add(executor.submit(() -> {
                    TestingHttp own = new TestingHttp(server.baseUrl());
                    for (int i = first; loading.get(); i++) {
                        answers.add(send(inputs.get(i % inputs.size()), own));
                    }
                }));
            }
            loaded = measure(probe, LOAD);
            loading.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
        }

        String summary = summary(answers);
        assertThat(answers).as(summary).hasSizeGreaterThan(inputs.size());
        for (Answer answer : answers) {
            BadInput input = inputs.stream()
                    .filter(candidate -> candidate.name().equals(answer.input()))
                    .findFirst()
                    .orElseThrow();
            assertThat(answer.response().code())
                    .as(input.name() + ": " + answer.response())
                    .isEqualTo(input.code());
            assertThat(Duration.ofNanos(answer.nanos()))
                    .as("%s answered in (%s)", input.name(), summary)
                    .isLessThan(REFUSED_WITHIN);
        }
        long limit = Math.max(10 * idle, Duration.ofMillis(500).toNanos());
        // The figures, in the test's output file, for whoever wonders how close it came.
        System.out.printf(
                "%s: idle p99 %.1f ms, p99 under load %.1f ms (%d requests, limit %.0f ms), %d bad requests%n%s%n",
                backend, idle / 1e6, p99(loaded) / 1e6, loaded.size(), limit / 1e6, answers.size(), summary);
        assertThat(p99(loaded))
                .as("p99 of health and overview under load (idle p99 %.1f ms, %d requests)", idle / 1e6, loaded.size())
                .isLessThanOrEqualTo(limit);
        assertThat(lastEventId()).isEqualTo(events);
    }

    private List<BadInput> badInputs() {
        String manifestHead = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n";
        return List.of(
                new BadInput(
                        "template of ten levels of eight aliases",
                        client -> client.putJson(
                                "/api/v1/applications/bomb",
                                Json.write(Map.of("template", "kind: ConfigMap\n" + aliasBomb(10, 8, "\"{{p}}\"")))),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "manifest of 3*10^10 nodes expanded",
                        client -> release(client, manifestHead + aliasBomb(11, 9, "x")),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "manifest nested 100,000 deep",
                        client -> release(client, manifestHead + "data: " + "[".repeat(100_000)),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "manifest of 250,000 documents",
                        client -> release(client, "---\n".repeat(250_000)),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "manifest with a number of 100,000 digits",
                        client -> release(client, manifestHead + "replicas: " + "9".repeat(100_000) + "\n"),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "values nested 50,000 deep",
                        client -> client.putJson(
                                "/api/v1/platform/values",
                                "{\"values\": " + "{\"a\": ".repeat(50_000) + "1" + "}".repeat(50_001)),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "values with a number of 100,000 digits",
                        client -> client.putJson(
                                "/api/v1/platform/values", "{\"values\": {\"a\": " + "9".repeat(100_000) + "}}"),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "Kuberpult environment config nested 1,000 deep",
                        client -> client.postMultipart(
                                "/api/environments/qa/",
                                Multipart.form()
                                        .field(
                                                "config",
                                                "{\"values\": " + "{\"a\": ".repeat(1_000) + "1" + "}".repeat(1_001))),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "platform whose template is an alias bomb",
                        client -> client.postJson(
                                "/api/v1/config/plan",
                                Json.write(Map.of(
                                        "applications",
                                        List.of(Map.of(
                                                "name",
                                                "bomb",
                                                "template",
                                                "kind: ConfigMap\n" + aliasBomb(10, 8, "x")))))),
                        "DOCUMENT_TOO_COMPLEX"),
                new BadInput(
                        "lock scheduled on the 31st of February",
                        client -> client.putJson(
                                "/api/v1/locks/environment/dev/never",
                                "{\"message\": \"m\", \"schedule\": {\"schedule\": \"0 0 31 2 *\","
                                        + " \"duration\": \"1h\"}}"),
                        "INVALID_SCHEDULE"),
                new BadInput(
                        "freeze window on the 30th of February",
                        client -> client.putJson(
                                "/api/v1/environments/staging",
                                "{\"upstream\": {\"environment\": \"dev\"}, \"freezeWindows\": [{\"kind\": \"deny\","
                                        + " \"schedule\": \"0 0 30 2 *\", \"duration\": \"1h\"}]}"),
                        "INVALID_ENVIRONMENT_CONFIG"),
                new BadInput(
                        "train on the 31st of April, June, September and November",
                        client -> client.putJson(
                                "/api/v1/environments/staging",
                                "{\"upstream\": {\"environment\": \"dev\"}, \"releaseTrains\": [{\"schedule\": \"0 0 31"
                                        + " 4,6,9,11 *\"}]}"),
                        "INVALID_ENVIRONMENT_CONFIG"),
                new BadInput(
                        "template whose aliases repeat a value a thousand times",
                        client -> client.postJson(
                                "/api/v1/applications/echo/releases",
                                Json.write(Map.of("parameters", Map.of("p", "x".repeat(10_000))))),
                        "INVALID_VALUES"));
    }

    /** {@code levels} levels of anchored lists, each holding {@code width} aliases to the level below. */
    private static String aliasBomb(int levels, int width, String scalar) {
        StringBuilder text = new StringBuilder("l0: &l0 [" + scalar + "]\n");
        for (int level = 1; level <= levels; level++) {
            text.append("l%d: &l%d [%s]\n"
                    .formatted(level, level, String.join(", ", Collections.nCopies(width, "*l" + (level - 1)))));
        }
        return text.toString();
    }

    private static Response release(TestingHttp client, String manifest) {
        return client.postMultipart(
                "/release", Multipart.form().field("application", "bomb").file("manifests[dev]", "m.yaml", manifest));
    }

    private static Answer send(BadInput input, TestingHttp client) {
        long start = System.nanoTime();
        Response response = input.send().apply(client);
        return new Answer(input.name(), response, System.nanoTime() - start);
    }

    /** Latencies of health and overview requests, one after the other, for {@code duration}. */
    private static List<Long> measure(TestingHttp probe, Duration duration) {
        List<Long> latencies = new ArrayList<>();
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            for (String path : List.of("/api/v1/health", "/api/v1/overview")) {
                long start = System.nanoTime();
                Response response = probe.get(path);
                latencies.add(System.nanoTime() - start);
                assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
            }
        }
        return latencies;
    }

    /** The slowest answer to each input, for failure messages. */
    private static String summary(Collection<Answer> answers) {
        Map<String, Long> slowest = new TreeMap<>();
        answers.forEach(answer -> slowest.merge(answer.input(), answer.nanos(), Math::max));
        StringBuilder text = new StringBuilder("slowest answers:");
        slowest.forEach((input, nanos) -> text.append("%n  %s: %d ms".formatted(input, nanos / 1_000_000)));
        return text.toString();
    }

    private static long p99(List<Long> latencies) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
