package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export never moves the manifest repository backwards: when the branch holds events the store does not (a store
 * restored from an older backup, a second installation pushing to the same branch), it halts, says why and what to
 * do, keeps new events from taking the branch's ids, and resumes only when an operator renders over it.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ExportDivergenceIT {
    @Parameter
    Backend backend;

    @Test
    void aSecondInstallationOnTheSameBranchHaltsUntilAnOperatorRendersOverIt(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        Function<Path, ExportSettings> shared = exportTo(remote);
        try (TestingServer first = TestingServer.start(backend, databases, shared)) {
            TestingPlatform platform = new TestingPlatform(first.http()).threeStages();
            platform.release("cart", "dev", "staging");
            TestingExport.awaitPushed(first.http());
            long exported = exportedEventId(remote);
            String before = head(remote);

            try (TestingServer second = TestingServer.start(backend, databases, shared)) {
                TestingHttp http = second.http();
                JsonNode halted = awaitState(http, "halted");
                JsonNode divergence = halted.path("divergence");
                assertThat(divergence.path("repositoryEventId").asLong()).isEqualTo(exported);
                assertThat(divergence.path("reason").asText()).contains("event " + exported, "lost events");
                assertThat(divergence.path("resolution").asText()).contains("trebuchet rerender --force");
                assertThat(head(remote)).as("the halted export pushed nothing").isEqualTo(before);

                // New changes never take the ids the branch was exported at.
                new TestingPlatform(http).environment("dev", "{\"upstream\":{\"latest\":true}}");
                assertThat(lastEventId(http)).isGreaterThan(exported + 1);
                assertThat(eventKinds(http)).contains("EXPORT_DIVERGED");

                // The overview and the CLI say it; a plain re-render is refused.
                assertThat(http.get("/").body()).contains("The git export is halted", "rerender --force");
                TestingCli.Result status = new TestingCli(http.baseUrl()).run("export-status");
                assertThat(status.out()).contains("halted", "To resolve:", "rerender --force");
                Response refused = http.post("/api/v1/export/rerender");
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.code()).isEqualTo("EXPORT_DIVERGED");
                assertThat(refused.json()
                                .path("details")
                                .path("repositoryEventId")
                                .asLong())
                        .isEqualTo(exported);

                Response forced = http.postJsonWithHeaders(
                        "/api/v1/export/rerender?force=true",
                        "",
                        TestingHttp.author("Olga Operator", "olga@example.com"));
                assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
                assertThat(forced.json().path("changed").asBoolean()).isTrue();
                JsonNode resumed = TestingExport.awaitPushed(http);
                assertThat(resumed.path("state").asText()).isEqualTo("running");
                assertThat(resumed.path("divergence").isMissingNode()).isTrue();
                String rendered = head(remote);
                TestingGit.git(remote, "merge-base", "--is-ancestor", before, rendered);
                GitRemotesIT.assertEventsIncreaseAlongHistory(remote);
                assertThat(TestingGit.git(remote, "log", "-1", "--format=%B", "main"))
                        .contains("Olga Operator", "Trebuchet-Event-Digest: ");
                assertThat(eventKinds(http)).contains("EXPORT_FORCED");

                // It exports as usual from there.
                new TestingPlatform(http).environment("qa", "{\"upstream\":{\"environment\":\"dev\"}}");
                TestingExport.awaitPushed(http);
                assertThat(TestingGit.git(remote, "ls-tree", "--name-only", "main", "environments/"))
                        .contains("environments/qa");
                String secondsHead = head(remote);

                // The first installation now finds the branch moved on to events it does not have: it halts too
                // rather than render its state over the other's.
                platform.environment("first-only", "{\"upstream\":{\"latest\":true}}");
                awaitState(first.http(), "halted");
                assertThat(head(remote)).isEqualTo(secondsHead);
            }
        }
    }

    @Test
    void aStoreWithOtherEventsUnderTheBranchsIdsHalts(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        try (TestingServer first = TestingServer.start(backend, databases, exportTo(remote))) {
            new TestingPlatform(first.http()).threeStages();
            TestingExport.awaitPushed(first.http());
            long exported = exportedEventId(remote);
            String before = head(remote);

            // Another installation has more events of its own, then is pointed at the same branch.
            Path elsewhere = TestingGit.newBareRepository();
            try (TestingServer second = TestingServer.start(backend, databases, exportTo(elsewhere))) {
                TestingPlatform platform = new TestingPlatform(second.http());
                for (int i = 0; i < exported + 3; i++) {
                    platform.environment("env-" + i, "{\"upstream\":{\"latest\":true}}");
                }
                TestingExport.awaitPushed(second.http());
                second.stop();
                try (TestingServer moved =
                        TestingServer.startOn(second.dataDirectory(), second.database(), exportTo(remote))) {
                    JsonNode divergence = awaitState(moved.http(), "halted").path("divergence");
                    assertThat(divergence.path("repositoryEventId").asLong()).isEqualTo(exported);
                    assertThat(divergence.path("reason").asText()).contains("is another one");
                    assertThat(head(remote)).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void aStoreRestoredFromAnOlderBackupHalts(TestingDatabases databases) throws IOException {
        Path remote = TestingGit.newBareRepository();
        Path backup = Files.createTempDirectory("trebuchet-backup");
        try (TestingServer server = TestingServer.start(backend, databases, exportTo(remote))) {
            TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
            platform.release("cart", "dev");
            TestingExport.awaitPushed(server.http());
            server.stop();
            Snapshot snapshot = Snapshot.take(backend, server, backup);
            server.startAgain();
            platform = new TestingPlatform(server.http());
            platform.environment("qa", "{\"upstream\":{\"environment\":\"dev\"}}");
            platform.environment("load", "{\"upstream\":{\"environment\":\"dev\"}}");
            TestingExport.awaitPushed(server.http());
            long exported = exportedEventId(remote);
            String before = head(remote);
            server.stop();
            snapshot.restore();

            server.startAgain();
            TestingHttp http = server.http();
            JsonNode divergence = awaitState(http, "halted").path("divergence");
            assertThat(divergence.path("repositoryEventId").asLong()).isEqualTo(exported);
            // Changes made after the restore take ids after the branch's, and are kept out of git until resolved.
            platform = new TestingPlatform(http);
            platform.release("cart", "dev");
            assertThat(lastEventId(http)).isGreaterThan(exported);
            assertThat(head(remote)).isEqualTo(before);

            Response forced = http.post("/api/v1/export/rerender?force=true");
            assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
            TestingExport.awaitPushed(http);
            TestingGit.git(remote, "merge-base", "--is-ancestor", before, "main");
            GitRemotesIT.assertEventsIncreaseAlongHistory(remote);
        } finally {
            TestingFiles.deleteRecursively(backup);
        }
    }

    private static Function<Path, ExportSettings> exportTo(Path remote) {
        return data -> ExportSettings.of(remote.toString(), data)
                .withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO);
    }

    private static JsonNode awaitState(TestingHttp http, String state) {
        return TestingWait.until(
                "the export to be " + state,
                Duration.ofSeconds(60),
                () -> http.get("/api/v1/export/status").json(),
                status -> status.path("state").asText().equals(state));
    }

    /** The event the branch's newest commit was exported at. */
    private static long exportedEventId(Path remote) {
        return Long.parseLong(
                TestingGit.git(remote, "log", "-1", "--format=%(trailers:key=Trebuchet-Event,valueonly)", "main")
                        .trim());
    }

    private static String head(Path remote) {
        return TestingGit.git(remote, "rev-parse", "refs/heads/main").trim();
    }

    private static long lastEventId(TestingHttp http) {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private static String eventKinds(TestingHttp http) {
        return http.get("/api/v1/events?limit=1000").body();
    }

    /** A copy of a stopped server's store, restored later as an operator restores a backup. */
    private interface Snapshot {
        void restore();

        static Snapshot take(Backend backend, TestingServer server, Path backup) {
            return switch (backend) {
                case EMBEDDED -> {
                    // The stopped server's PostgreSQL cluster, as a file system backup of the data directory has it.
                    Path cluster = server.dataDirectory().resolve("postgres");
                    TestingFiles.copyRecursively(cluster, backup.resolve("postgres"));
                    yield () -> {
                        TestingFiles.deleteRecursively(cluster);
                        TestingFiles.copyRecursively(backup.resolve("postgres"), cluster);
                    };
                }
                case POSTGRESQL -> {
                    DatabaseSettings settings = (DatabaseSettings) server.database();
                    String database = settings.url().replaceAll(".*/([^/?]+).*", "$1");
                    String copy = database + "_backup";
                    execute(settings, "create database " + copy + " template " + database);
                    yield () -> {
                        execute(settings, "drop database " + database);
                        execute(settings, "create database " + database + " template " + copy);
                    };
                }
            };
        }

        /** Runs {@code sql} on the {@code postgres} database of the server that holds {@code settings}' database. */
        private static void execute(DatabaseSettings settings, String sql) {
            String url = settings.url().replaceAll("/([^/?]+)(\\?|$)", "/postgres$2");
            try (Connection connection = DriverManager.getConnection(
                            url,
                            settings.user().orElse(null),
                            settings.password().orElse(null));
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot run " + sql, e);
            }
        }
    }
}
