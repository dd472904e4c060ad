package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingGitDaemon;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** export-status and rerender against a real server exporting to real git repositories. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ExportCommandsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Parameter
    Backend backend;

    @Test
    void exportStatusSaysTheRemoteHasEverythingAndRerenderRepairsAHandEdit(TestingDatabases databases)
            throws IOException {
        try (TestingServer server = TestingServer.start(backend, databases)) {
            TestingHttp http = server.http();
            TestingCli cli = new TestingCli(server.baseUrl());
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            platform.release("cart", "dev");
            long event = awaitPushed(http).path("lastEventId").asLong();

            Result status = cli.run("export-status");
            Result json = cli.run("export-status", "--output", "json");
            Result matched = cli.run("rerender");

            assertThat(status.exitCode()).as(status.toString()).isZero();
            List<String> lines = status.out().lines().toList();
            assertThat(lines).hasSize(10);
            assertThat(lines.get(0)).isEqualTo("State:        running");
            assertThat(lines.get(1)).startsWith("Repository:   file:/").endsWith("/manifests.git");
            assertThat(lines.subList(2, 6))
                    .containsExactly(
                            "Branch:       main",
                            "Mode:         argocd",
                            "Events:       %d in the log, %d committed, %d in the remote"
                                    .formatted(event, event, event),
                            "Behind:       nothing: the remote has every event");
            assertThat(lines.get(6)).matches("Last commit:  [0-9a-f]{12} \\(event \\d+\\) at \\S+Z");
            assertThat(lines.get(7)).matches("Last push:    [0-9a-f]{12} \\(event \\d+\\) at \\S+Z");
            assertThat(lines.get(8)).isEqualTo("Last error:   -");
            assertThat(lines.get(9)).matches("Leader:       \\S+ \\(this replica\\)");
            assertThat(json.json().path("eventsBehind").asLong()).isZero();
            assertThat(json.json().path("cursorEventId").asLong()).isEqualTo(event);
            assertThat(matched.out())
                    .isEqualTo("Rendered the manifest repository at event %d: it matched; nothing to commit.\n"
                            .formatted(event));

            // Someone edits a file Trebuchet owns by hand; the export builds on their commit and keeps the edit.
            Path remote = server.dataDirectory().resolve("manifests.git");
            Path clone = TestingGit.clone(remote.toUri().toString(), "main");
            Path config = clone.resolve("environments/prod-fr/config.json");
            String rendered = Files.readString(config);
            Files.writeString(config, "{\"upstream\": {\"latest\": false}}\n");
            TestingGit.git(clone, "commit", "--quiet", "-am", "Edited by hand");
            TestingGit.git(clone, "push", "--quiet", "origin", "main");
            platform.release("search", "dev");
            long later = awaitPushed(http).path("lastEventId").asLong();
            assertThat(TestingGit.git(remote, "show", "main:environments/prod-fr/config.json"))
                    .as("the hand edit, kept by the export")
                    .isEqualTo("{\"upstream\": {\"latest\": false}}\n");

            Result repaired = cli.run("rerender", "--output", "json");
            Result again = cli.run("rerender");

            assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
            assertThat(repaired.json().path("changed").asBoolean()).isTrue();
            assertThat(repaired.json().path("commit").asText()).matches("[0-9a-f]{40}");
            assertThat(repaired.json().path("eventId").asLong()).isEqualTo(later);
            assertThat(again.out())
                    .isEqualTo("Rendered the manifest repository at event %d: it matched; nothing to commit.\n"
                            .formatted(later));
            TestingWait.until(
                    "the repaired file to reach the remote",
                    TIMEOUT,
                    () -> TestingGit.git(remote, "show", "main:environments/prod-fr/config.json"),
                    rendered::equals);
        }
    }

    @Test
    void exportStatusReportsAFailingRemote(TestingDatabases databases) {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-daemon");
        try {
            Files.createDirectories(remotes.resolve("manifests.git"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestingGit.git(remotes.resolve("manifests.git"), "init", "--quiet", "--bare", "--initial-branch=main");
        try (TestingGitDaemon daemon = TestingGitDaemon.start(remotes);
                TestingServer server = TestingServer.start(
                        backend,
                        databases,
                        data -> ExportSettings.of(daemon.url("manifests.git"), data)
                                .withBatching(1, Duration.ZERO))) {
            TestingHttp http = server.http();
            TestingCli cli = new TestingCli(server.baseUrl());
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            awaitPushed(http);

            daemon.stop();
            platform.release("cart", "dev");
            server.clock().advance(Duration.ofSeconds(42));
            TestingWait.until(
                    "the export to report the failing remote",
                    TIMEOUT,
                    () -> http.get("/api/v1/export/status").json(),
                    status -> status.path("state").asText().equals("retrying")
                            && status.path("committedEventId").asLong()
                                    == status.path("lastEventId").asLong());

            Result status = cli.run("export-status");

            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out())
                    .startsWith("State:        retrying\n")
                    .contains("Behind:       3 events, the oldest 42.0 s ago\n")
                    .containsPattern("Last error:   \\S+Z: .*cannot push to .* \\(\\d+ failed attempts in a row\\)\n");
        }
    }

    @Test
    void rerenderOnAReplicaThatStandsByIsRefused(TestingDatabases databases) {
        Assumptions.assumeTrue(backend == Backend.POSTGRESQL, "replicas share a PostgreSQL store");
        Path remote = TestingGit.newBareRepository();
        Path firstData = TestingGit.temporaryDirectory("replica-a");
        Path secondData = TestingGit.temporaryDirectory("replica-b");
        StoreSettings database = databases.newDatabase(backend, firstData);
        Function<Path, ExportSettings> export =
                data -> ExportSettings.of(remote.toString(), data).withBatching(100, Duration.ZERO);
        try (TestingServer first = TestingServer.startOn(firstData, database, export);
                TestingServer second = TestingServer.startOn(secondData, database, export)) {
            TestingWait.until(
                    "the second replica to stand by",
                    TIMEOUT,
                    () -> second.http()
                            .get("/api/v1/export/status")
                            .json()
                            .path("state")
                            .asText()
                            .equals("standby"));
            TestingCli cli = new TestingCli(second.baseUrl());

            Result status = cli.run("export-status");
            Result refused = cli.run("rerender", "--retries", "0");
            Result refusedJson = cli.run("rerender", "--retries", "0", "--output", "json");

            assertThat(status.out()).startsWith("State:        standby\n");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("error: EXPORT_UNAVAILABLE: ");
            assertThat(refusedJson.json().path("code").asText()).isEqualTo("EXPORT_UNAVAILABLE");
            assertThat(first.http()
                            .get("/api/v1/export/status")
                            .json()
                            .path("state")
                            .asText())
                    .isEqualTo("running");
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        TestingCli cli = new TestingCli("http://127.0.0.1:9");

        Result extra = cli.run("export-status", "now");
        Result unknown = cli.run("rerender", "--overwrite");

        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.err()).contains("Unmatched argument at index 1: 'now'");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--overwrite'");
    }

    /** Waits until the remote holds every event so far; returns the status then. */
    private static JsonNode awaitPushed(TestingHttp http) {
        long lastEventId = http.get("/api/v1/health").json().path("lastEventId").asLong();
        return TestingWait.until(
                "the export to reach event " + lastEventId,
                TIMEOUT,
                () -> http.get("/api/v1/export/status").json(),
                status -> status.path("cursorEventId").asLong() >= lastEventId);
    }
}
