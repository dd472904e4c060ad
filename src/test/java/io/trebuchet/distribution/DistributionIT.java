package io.trebuchet.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.server.BuildInfo;
import io.trebuchet.testing.TestingCommand;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jar that {@code mvn package} builds runs on its own: copied alone into an empty directory, {@code java -jar}
 * prints the version and commit it was built from, serves, logs what an operator needs (also as JSON) and stops
 * cleanly on SIGTERM.
 */
class DistributionIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private Path directory;

    @BeforeEach
    void copyTheJarAlone() throws IOException {
        Path jar = Path.of(System.getProperty("trebuchet.jar", "target/trebuchet.jar"));
        assertThat(jar).as("run mvn package first").exists();
        directory = TestingGit.temporaryDirectory("trebuchet-distribution");
        Files.copy(jar, directory.resolve("trebuchet.jar"));
    }

    @Test
    void versionNamesTheReleaseAndTheCommitItWasBuiltFrom() {
        String output =
                TestingCommand.succeed(directory, COMMAND_TIMEOUT, java(), "-jar", "trebuchet.jar", "--version");

        BuildInfo build = BuildInfo.current();
        assertThat(output.strip()).isEqualTo("trebuchet " + build.describe());
        assertThat(build.version()).isNotEqualTo(BuildInfo.UNKNOWN);
        TestingCommand.Result head = TestingCommand.run(
                Path.of("").toAbsolutePath(), Map.of(), COMMAND_TIMEOUT, List.of("git", "rev-parse", "HEAD"));
        if (head.exitCode() == 0) {
            assertThat(head.output().strip()).startsWith(build.commit());
        } else {
            // Built from a source archive: no commit to name.
            assertThat(build.commit()).isEqualTo(BuildInfo.UNKNOWN);
        }
    }

    @Test
    void servesFromAnyDirectoryAndStopsCleanlyOnSigterm() {
        int port = TestingServerProcess.freePort();
        TestingServerProcess server = TestingServerProcess.startCommand(
                serve(port), directory, Map.of(), port, directory.resolve("server.log"));
        try {
            TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
            assertThat(platform.release("cart", "dev", "staging")).isEqualTo(1);
            assertThat(server.http().get("/api/v1/health/ready").status()).isEqualTo(200);
            assertThat(server.http().get("/api/v1/health/live").status()).isEqualTo(200);
            assertThat(directory.resolve("data/manifests.git")).isDirectory();
        } finally {
            server.terminate();
        }
        assertThat(server.awaitExitCode()).isIn(0, 143);
        String log = server.log();
        assertThat(log)
                .contains("Trebuchet " + BuildInfo.current().describe() + " listening on http://127.0.0.1:" + port)
                .contains("store embedded at " + directory.resolve("data").resolve("postgres"))
                .contains("authentication: none")
                .contains("POST /api/release 201 ")
                .contains("PUT /api/v1/environments/{env} 201 ")
                .contains("Stopping Trebuchet")
                .contains("Git export stopped after its current step")
                .contains("Trebuchet stopped");
    }

    @Test
    void logsOneJsonObjectPerLineWithoutSecrets() {
        int port = TestingServerProcess.freePort();
        int closedPort = TestingServerProcess.freePort();
        List<String> command = new ArrayList<>(serve(port));
        command.addAll(List.of("--log-format", "json"));
        command.addAll(List.of("--manifest-repo", "http://127.0.0.1:" + closedPort + "/manifests.git"));
        // The remote cannot be reached: the export logs its failures, never the password.
        Map<String, String> environment =
                Map.of("TREBUCHET_MANIFEST_REPO_USERNAME", "ci", "TREBUCHET_MANIFEST_REPO_PASSWORD", "s3cret-token-42");
        try (TestingServerProcess server = TestingServerProcess.startCommand(
                command, directory, environment, port, directory.resolve("server.log"))) {
            new TestingPlatform(server.http()).environment("dev", "{\"upstream\":{\"latest\":true}}");
            server.terminate();
            server.awaitExitCode();
            List<JsonNode> lines = server.log()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .map(DistributionIT::parse)
                    .toList();
            assertThat(lines)
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("level").asText()).isNotEmpty());
            JsonNode request = lines.stream()
                    .filter(line -> line.path("loggerName").asText().endsWith("RequestLog"))
                    .findFirst()
                    .orElseThrow();
            assertThat(request.path("formattedMessage").asText()).startsWith("PUT /api/v1/environments/{env} 201 ");
            assertThat(request.path("kvpList").toString())
                    .contains("{\"route\":\"/api/v1/environments/{env}\"}", "{\"actor\":\"anonymous\"}");
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line.path("formattedMessage").asText())
                            .contains("manifest repository http://127.0.0.1:" + closedPort));
            assertThat(server.log()).doesNotContain("s3cret-token-42");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }

    private static List<String> serve(int port) {
        return List.of(
                java(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                "trebuchet.jar",
                "serve",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--export-max-delay-ms",
                "20");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
