package io.trebuchet.cli;

import static io.trebuchet.testing.TestingPlatform.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs our CLI with the invocations Kuberpult v13.55 documents for {@code kuberpult-client} (its {@code cli/README.md}
 * and {@code docs/operators/endpoint-releasetrain.md}), written as Go's flag package takes them: single-dash flags,
 * {@code -flag=value}, and the client options before the command.
 */
@ExtendWith(TestingDatabases.class)
class KuberpultClientIT {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path files;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        http = server.http();
        cli = new TestingCli("http://127.0.0.1:1"); // every invocation names the server with --url, as documented
        new TestingPlatform(http).threeStages();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void releaseWithEveryDocumentedFlag() throws IOException {
        Path dev = write("dev.yaml", manifest("cart", "dev"));
        Path staging = write("staging.yaml", manifest("cart", "staging"));
        Result result = kuberpult(
                "release",
                "-application",
                "cart",
                "-environment",
                "dev",
                "-manifest",
                dev.toString(),
                "-environment",
                "staging",
                "-manifest",
                staging.toString(),
                "-team",
                "payments",
                "-source_commit_id",
                COMMIT,
                "-previous_commit_id",
                "abcdef0",
                "-source_author",
                "Jane Doe <jane@example.com>",
                "-source_message",
                "Fix the cart",
                "-version",
                "7",
                "-display_version",
                "1.4.2",
                "-ci_link",
                "https://ci.example.com/7",
                "-skip_signatures",
                "-use_dex_auth");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(http.get("/api/v1/applications/cart/releases/7").status()).isEqualTo(200);

        Result dryRun = kuberpult("release", "-application=cart", "-environment=dev", "-manifest=" + dev, "-dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    }

    @Test
    void releaseOptionsTrebuchetDoesNotHaveAreRefusedClearly() throws IOException {
        Path dev = write("dev.yaml", manifest("cart", "dev"));
        for (List<String> option : List.of(List.of("-revision", "2"), List.of("-prepublish"))) {
            List<String> args = new ArrayList<>(
                    List.of("release", "-application", "cart", "-environment", "dev", "-manifest", dev.toString()));
            args.addAll(option);
            Result result = kuberpult(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.EXIT_REFUSED);
            assertThat(result.err()).contains("UNSUPPORTED_OPTION");
        }
    }

    @Test
    void releaseTrainWithACiLinkRecordsIt() {
        Result train =
                kuberpult("release-train", "-target-environment", "staging", "-ci_link", "https://ci.example.com/1");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(http.get("/api/v1/events?kind=RELEASE_TRAIN").body()).contains("https://ci.example.com/1");
    }

    @Test
    void releaseTrainAsTheDocsWriteIt() {
        Result result = cli.run(
                "--url=" + server.baseUrl(), "release-train", "--target-environment=staging", "--team=sre-team");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Result group = kuberpult("release-train", "-target-environment", "production", "-use_env_group_target");
        assertThat(group.exitCode()).as(group.toString()).isZero();
    }

    @Test
    void everyLockCommandWithItsDocumentedFlags() {
        new TestingPlatform(http).release("cart", java.util.Map.of("team", "payments"), "dev");
        List<List<String>> invocations = List.of(
                List.of(
                        "create-env-lock",
                        "-environment",
                        "staging",
                        "-lockID",
                        "e1",
                        "-message",
                        "m",
                        "-ci_link",
                        "https://ci.example.com/1",
                        "-suggested_lifetime",
                        "1w"),
                List.of(
                        "create-app-lock",
                        "-environment",
                        "dev",
                        "-application",
                        "cart",
                        "-lockID",
                        "a1",
                        "-message",
                        "m",
                        "-suggested_lifetime",
                        "2d"),
                List.of(
                        "create-team-lock",
                        "-environment",
                        "dev",
                        "-team",
                        "payments",
                        "-lockID",
                        "t1",
                        "-message",
                        "m"),
                List.of("create-group-lock", "-environment-group", "production", "-lockID", "g1", "-message", "m"),
                List.of("delete-env-lock", "-environment", "staging", "-lockID", "e1"),
                List.of("delete-app-lock", "-environment", "dev", "-application", "cart", "-lockID", "a1"),
                List.of("delete-team-lock", "-environment", "dev", "-team", "payments", "-lockID", "t1"),
                List.of("delete-group-lock", "-environment-group", "production", "-lockID", "g1"));
        for (List<String> invocation : invocations) {
            Result result = kuberpult(invocation.toArray(String[]::new));
            assertThat(result.exitCode()).as(invocation + ": " + result).isZero();
        }
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
    }

    @Test
    void commitAndEnvironmentCommands() throws IOException {
        new TestingPlatform(http)
                .release(
                        "cart",
                        java.util.Map.of("source_commit_id", COMMIT, "source_author", "Jane", "source_message", "Fix"),
                        "dev",
                        "staging");

        Result deployments = kuberpult("get-commit-deployments", "-commit", COMMIT);
        assertThat(deployments.exitCode()).as(deployments.toString()).isZero();
        JsonNode status = Json.mapper()
                .readTree(deployments.out())
                .path("deploymentStatus")
                .path("cart");
        assertThat(status.path("deploymentStatus").path("dev").asText()).isEqualTo("DEPLOYED");
        assertThat(status.path("deploymentStatus").path("staging").asText()).isEqualTo("UNKNOWN");

        Path out = files.resolve("deployments.json");
        assertThat(kuberpult("get-commit-deployments", "-commit", COMMIT, "-out", out.toString())
                        .exitCode())
                .isZero();
        assertThat(Files.readString(out)).contains("DEPLOYED");

        Result commit = kuberpult("get-deployment-commit", "-environment", "dev", "-application", "cart");
        assertThat(commit.exitCode()).as(commit.toString()).isZero();
        JsonNode info = Json.mapper().readTree(commit.out());
        assertThat(info.path("commitId").asText()).isEqualTo(COMMIT);
        assertThat(info.path("author").asText()).isEqualTo("Jane");
        assertThat(info.path("commitMessage").asText()).isEqualTo("Fix");

        http.putJson("/api/v1/environments/spare", "{\"upstream\":{\"latest\":true}}");
        Result deleted = kuberpult("delete-environment", "-environment", "spare");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(http.get("/api/v1/environments/spare").status()).isEqualTo(404);
    }

    @Test
    void clientOptionsAsKuberpultsClientTakesThem() {
        Result result = cli.run(
                "-url",
                server.baseUrl(),
                "-author_name",
                "Jane",
                "-author_email",
                "jane@example.com",
                "-client_uuid",
                "8b0d8d1e-0c55-4f4e-9a36-0d8d1e0c554f",
                "-retries",
                "1",
                "-timeout",
                "30s",
                "create-env-lock",
                "-environment",
                "staging",
                "-lockID",
                "c1",
                "-message",
                "m");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(http.get("/api/v1/locks")
                        .json()
                        .path("locks")
                        .get(0)
                        .path("author")
                        .path("name")
                        .asText())
                .isEqualTo("Jane");
    }

    private Result kuberpult(String... args) {
        List<String> all = new ArrayList<>(List.of("-url", server.baseUrl()));
        all.addAll(List.of(args));
        return cli.run(all);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }
}
