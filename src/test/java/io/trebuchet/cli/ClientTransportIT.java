package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the client talks HTTP: headers it sends, what it retries and what not, timeouts, unreachable servers. A small
 * fake server answers what each test scripts; one test checks the same against the real server.
 */
@ExtendWith(TestingDatabases.class)
class ClientTransportIT {
    private static final String EMPTY_OVERVIEW = "{\"lastEventId\":0,\"environmentGroups\":[],\"applications\":[]}";

    private FakeServer fake;
    private TestingCli cli;

    @BeforeEach
    void start() {
        fake = new FakeServer();
        cli = new TestingCli(fake.url());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void sendsTheTokenAsBearerAndTheAuthorAsKuberpultsBase64Headers() {
        fake.answer(200, EMPTY_OVERVIEW);
        fake.answer(200, EMPTY_OVERVIEW);

        Result withFlags = cli.run(
                "status", "--token", "s3cret", "--author-name", "Jane Doe", "--author_email", "jane@example.com");
        Result fromEnvironment =
                cli.withEnvironment("TREBUCHET_TOKEN", "from-env").run("status");

        assertThat(withFlags.exitCode()).as(withFlags.toString()).isZero();
        assertThat(fromEnvironment.exitCode()).isZero();
        Request first = fake.requests().get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/api/v1/overview");
        assertThat(first.authorization()).isEqualTo("Bearer s3cret");
        assertThat(first.authorName()).isEqualTo(base64("Jane Doe"));
        assertThat(first.authorEmail()).isEqualTo(base64("jane@example.com"));
        assertThat(fake.requests().get(1).authorization()).isEqualTo("Bearer from-env");
    }

    @Test
    void retriesWhenTheServerIsUnavailableUntilItAnswers() {
        fake.answer(503, "{\"code\":\"STORE_UNAVAILABLE\",\"message\":\"the database is restarting\",\"details\":{}}");
        fake.answer(502, "<html>Bad Gateway</html>");
        fake.answer(200, EMPTY_OVERVIEW);

        Result result = cli.run("status", "--retries", "2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterTheRetriesWithTheLastAnswer() {
        for (int i = 0; i < 3; i++) {
            fake.answer(
                    503, "{\"code\":\"STORE_UNAVAILABLE\",\"message\":\"the database is restarting\",\"details\":{}}");
        }

        Result result = cli.run("--retries", "2", "status");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("""
                        error: STORE_UNAVAILABLE: the database is restarting
                        The server cannot reach its database: its log says why.
                        """);
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void neverRetriesARefusal() {
        fake.answer(409, "{\"code\":\"RELEASE_CONFLICT\",\"message\":\"differs\",\"details\":{}}");

        Result result = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--retries", "5");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("""
                        error: RELEASE_CONFLICT: differs
                        Leave out --version to get the next free one, or release under a version not used yet.
                        """);
        assertThat(fake.requests()).hasSize(1);
        assertThat(fake.requests().get(0).body()).isEqualTo("{\"version\":1}");
    }

    @Test
    void anAnswerThatIsNotTheErrorShapeStillGivesACode() {
        fake.answer(502, "<html>\n<body>Bad Gateway</body>\n</html>");

        Result result = cli.run("status", "--retries", "0", "--output", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: HTTP_502: <html>\n");
        assertThat(result.json().path("details").path("status").asInt()).isEqualTo(502);
    }

    @Test
    void anUnreachableServerIsRetriedThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Result result = new TestingCli("http://127.0.0.1:" + closedPort).run("status", "--retries", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("error: cannot reach http://127.0.0.1:%d (ConnectException".formatted(closedPort))
                .endsWith(
                        " after 2 attempts\nIs the server running? Start it with './trebuchet serve' (another terminal), or"
                                + " name another with --url or TREBUCHET_URL.\n");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsReported() {
        fake.hang();

        Result result = cli.run("status", "--timeout", "300ms", "--retries", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith(
                        "error: cannot reach " + fake.url() + " (no answer within 300 ms; --timeout gives it longer)");
    }

    @Test
    void theRealServerIgnoresTheTokenAndOptionsGoBeforeOrAfterTheCommand(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            new TestingPlatform(server.http()).threeStages();
            TestingCli unconfigured = new TestingCli("http://127.0.0.1:9");

            Result before =
                    unconfigured.run("--url", server.baseUrl(), "--token", "t", "--output", "json", "env", "list");
            Result after = unconfigured.run("env", "list", "--url", server.baseUrl(), "-o", "json");
            Result innerWins =
                    unconfigured.run("--url", "http://127.0.0.1:9", "env", "list", "--url", server.baseUrl());
            Result fromEnvironment = new TestingCli(server.baseUrl())
                    .withEnvironment("TREBUCHET_OUTPUT", "json")
                    .run("env", "list");

            assertThat(before.exitCode()).as(before.toString()).isZero();
            assertThat(before.json().path("environments")).hasSize(4);
            assertThat(after.out()).isEqualTo(before.out());
            assertThat(innerWins.exitCode()).isZero();
            assertThat(innerWins.out()).startsWith("NAME ");
            assertThat(fromEnvironment.out()).isEqualTo(before.out());
        }
    }

    @Test
    void aReleaseOverTheServersLimitIsRefusedWithTheLimitNamed(TestingDatabases databases) throws IOException {
        Path manifest = Files.createTempFile("trebuchet-huge", ".yaml");
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases, 64 * 1024)) {
            new TestingPlatform(server.http()).threeStages();
            Files.writeString(manifest, "a: \"" + "x".repeat(2 * 1024 * 1024) + "\"\n");

            Result result = new TestingCli(server.baseUrl())
                    .run(
                            "release",
                            "--application",
                            "cart",
                            "--environment",
                            "dev",
                            "--manifest",
                            manifest.toString(),
                            "--retries",
                            "0");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err())
                    .startsWith("error: PAYLOAD_TOO_LARGE: the request is larger than the limit of 65536 bytes");
            assertThat(server.http().get("/api/v1/applications/cart").status()).isEqualTo(404);
        } finally {
            Files.deleteIfExists(manifest);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** What the fake server received. */
    record Request(
            String method, String path, String authorization, String authorName, String authorEmail, String body) {}

    /** Answers each request with the next scripted answer; 500 when none is left. */
    private static final class FakeServer implements AutoCloseable {
        private final HttpServer server;
        private final Deque<int[]> statuses = new ArrayDeque<>();
        private final Deque<String> bodies = new ArrayDeque<>();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean hang;

        FakeServer() {
            try {
                server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        synchronized void answer(int status, String body) {
            statuses.add(new int[] {status});
            bodies.add(body);
        }

        void hang() {
            hang = true;
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("author-name"),
                    exchange.getRequestHeaders().getFirst("author-email"),
                    body));
            if (hang) {
                try {
                    // Held until the test ends: the client's timeout must fire first.
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status;
            String answer;
            synchronized (this) {
                int[] next = statuses.poll();
                status = next == null ? 500 : next[0];
                answer = next == null
                        ? "{\"code\":\"INTERNAL_ERROR\",\"message\":\"unscripted\",\"details\":{}}"
                        : bodies.poll();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", answer.startsWith("<") ? "text/html" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
        }
    }
}
