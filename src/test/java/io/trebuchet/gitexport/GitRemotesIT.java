package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingGitDaemon;
import io.trebuchet.testing.TestingGitHttpServer;
import io.trebuchet.testing.TestingGitSshServer;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The export against real remotes: {@code git daemon} (which goes down, refuses pushes with a hook, or gets someone
 * else's commits) and JGit's HTTP server with basic authentication. The store does not matter here: PostgreSQL.
 */
@ExtendWith(TestingDatabases.class)
class GitRemotesIT {
    @Test
    void remoteDownForAWhileTheApiKeepsWorkingTheLagIsReportedThenItCatchesUp(TestingDatabases databases) {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-daemon");
        Path bare = bareRepository(remotes);
        try (TestingGitDaemon daemon = TestingGitDaemon.start(remotes);
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> ExportSettings.of(daemon.url("manifests.git"), data)
                                .withBatching(1, Duration.ZERO))) {
            TestingHttp http = server.http();
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            platform.release("cart", "dev", "staging");
            long before = TestingExport.awaitPushed(http).path("cursorEventId").asLong();

            daemon.stop();
            for (int i = 0; i < 5; i++) {
                release(http, "cart", "dev", "replicas: " + i);
            }
            server.clock().advance(Duration.ofSeconds(42));
            JsonNode lagging = TestingWait.until(
                    "the export to report the failing remote",
                    TestingExport.TIMEOUT,
                    () -> TestingExport.status(http),
                    status -> status.path("state").asText().equals("retrying")
                            && status.path("committedEventId").asLong()
                                    == status.path("lastEventId").asLong());
            assertThat(lagging.path("cursorEventId").asLong()).isEqualTo(before);
            assertThat(lagging.path("eventsBehind").asLong()).isEqualTo(10);
            assertThat(lagging.path("secondsBehind").asDouble()).isEqualTo(42.0);
            assertThat(lagging.path("lastError").path("message").asText()).contains("cannot push to");
            assertThat(lagging.path("lastError").path("failedAttempts").asInt()).isPositive();

            daemon.startAgain();
            JsonNode caughtUp = TestingExport.awaitPushed(http);

            assertThat(caughtUp.path("eventsBehind").asLong()).isZero();
            assertThat(caughtUp.path("state").asText()).isEqualTo("running");
            assertThat(caughtUp.path("lastError").path("failedAttempts").asInt())
                    .isZero();
            assertThat(TestingGit.git(bare, "show", "main:environments/dev/applications/cart/manifests/manifests.yaml"))
                    .isEqualTo(TestingPlatform.manifest("cart", "dev") + "replicas: 4\n");
            assertEventsIncreaseAlongHistory(bare);
            assertThat(rerender(http)).isFalse();
        }
    }

    private static void release(TestingHttp http, String application, String environment, String extra) {
        Response response = http.postMultipart(
                "/api/release",
                TestingHttp.Multipart.form()
                        .field("application", application)
                        .file(
                                "manifests[" + environment + "]",
                                "m.yaml",
                                TestingPlatform.manifest(application, environment) + extra + "\n"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void pushesRefusedByTheRemoteAreRetriedUntilItAccepts(TestingDatabases databases) throws IOException {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-daemon");
        Path bare = bareRepository(remotes);
        try (TestingGitDaemon daemon = TestingGitDaemon.start(remotes);
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL, databases, data -> ExportSettings.of(daemon.url("manifests.git"), data))) {
            TestingHttp http = server.http();
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            TestingExport.awaitPushed(http);
            Path hook = bare.resolve("hooks/pre-receive");
            Files.writeString(hook, "#!/bin/sh\necho 'frozen for the audit' >&2\nexit 1\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

            platform.release("cart", "dev");
            JsonNode refused = TestingWait.until(
                    "the refused push to be reported",
                    TestingExport.TIMEOUT,
                    () -> TestingExport.status(http),
                    status -> status.path("state").asText().equals("retrying"));
            assertThat(refused.path("eventsBehind").asLong()).isPositive();
            assertThat(refused.path("lastError").path("message").asText()).contains("refused the push");

            Files.delete(hook);
            TestingExport.awaitPushed(http);

            assertThat(TestingGit.git(bare, "ls-tree", "-r", "--name-only", "main"))
                    .contains("environments/dev/applications/cart/manifests/manifests.yaml");
            assertEventsIncreaseAlongHistory(bare);
        }
    }

    @Test
    void whenSomeoneElsePushedTheExportBuildsOnTheirCommitsWithoutForcing(TestingDatabases databases)
            throws IOException {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-daemon");
        Path bare = bareRepository(remotes);
        try (TestingGitDaemon daemon = TestingGitDaemon.start(remotes);
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL, databases, data -> ExportSettings.of(daemon.url("manifests.git"), data))) {
            TestingHttp http = server.http();
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            platform.release("cart", "dev");
            TestingExport.awaitPushed(http);

            Path clone = TestingGit.clone(daemon.url("manifests.git"), "main");
            Files.writeString(clone.resolve("README.md"), "Written by Trebuchet; see the docs.\n");
            TestingGit.git(clone, "add", "README.md");
            TestingGit.git(clone, "commit", "--quiet", "-m", "Add a README");
            TestingGit.git(clone, "push", "--quiet", "origin", "main");
            String theirs = TestingGit.git(clone, "rev-parse", "HEAD").trim();

            platform.release("cart", "dev");
            TestingExport.awaitPushed(http);

            TestingGit.git(bare, "merge-base", "--is-ancestor", theirs, "main");
            assertThat(TestingGit.git(bare, "show", "main:README.md"))
                    .isEqualTo("Written by Trebuchet; see the docs.\n");
            assertThat(TestingGit.git(bare, "show", "main:environments/dev/applications/cart/manifests/manifests.yaml"))
                    .isEqualTo(TestingPlatform.manifest("cart", "dev"));
            assertEventsIncreaseAlongHistory(bare);
            assertThat(rerender(http)).isFalse();
        }
    }

    @Test
    void exportsOverHttpWithBasicAuthentication(TestingDatabases databases) {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-http");
        bareRepository(remotes);
        try (TestingGitHttpServer git = TestingGitHttpServer.start(remotes, "trebuchet", "s3cret");
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> ExportSettings.of(git.url("manifests.git"), data)
                                .withCredentials(RemoteCredentials.basic("trebuchet", "s3cret")))) {
            TestingHttp http = server.http();
            new TestingPlatform(http).threeStages().release("cart", "dev", "staging");
            TestingExport.awaitPushed(http);

            SortedMap<String, String> files =
                    TestingGit.files(TestingGit.clone(git.url("manifests.git", "trebuchet", "s3cret"), "main"));
            assertThat(files)
                    .containsEntry(
                            "environments/dev/applications/cart/manifests/manifests.yaml",
                            TestingPlatform.manifest("cart", "dev"));
            assertThat(TestingManifests.check(files)).isEqualTo(5);
            assertThat(TestingExport.status(http).path("repository").asText()).isEqualTo(git.url("manifests.git"));
        }
    }

    @Test
    void exportsOverSshWithAKeyAndAKnownHost(TestingDatabases databases) {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-ssh-remotes");
        Path bare = bareRepository(remotes);
        try (TestingGitSshServer ssh = TestingGitSshServer.start(remotes);
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> ExportSettings.of(ssh.url("manifests.git"), data)
                                .withCredentials(
                                        RemoteCredentials.ssh(ssh.clientKey(), Optional.of(ssh.knownHosts()))))) {
            new TestingPlatform(server.http()).threeStages().release("cart", "dev");
            TestingExport.awaitPushed(server.http());

            assertThat(TestingGit.git(bare, "show", "main:environments/dev/applications/cart/manifests/manifests.yaml"))
                    .isEqualTo(TestingPlatform.manifest("cart", "dev"));
        }
    }

    @Test
    void anUnknownSshHostIsRefused(TestingDatabases databases) throws IOException {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-ssh-remotes");
        bareRepository(remotes);
        Path emptyKnownHosts = Files.createFile(remotes.resolve("known_hosts"));
        try (TestingGitSshServer ssh = TestingGitSshServer.start(remotes);
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> ExportSettings.of(ssh.url("manifests.git"), data)
                                .withCredentials(
                                        RemoteCredentials.ssh(ssh.clientKey(), Optional.of(emptyKnownHosts))))) {
            new TestingPlatform(server.http()).threeStages().release("cart", "dev");

            JsonNode status = TestingWait.until(
                    "the refused host key to be reported",
                    TestingExport.TIMEOUT,
                    () -> TestingExport.status(server.http()),
                    current -> current.path("state").asText().equals("retrying"));
            assertThat(status.path("eventsBehind").asLong()).isPositive();
            assertThat(status.path("lastError").path("message").asText()).contains("Server key did not validate");
        }
    }

    @Test
    void aWrongPasswordIsReportedAndTheApiKeepsWorking(TestingDatabases databases) {
        Path remotes = TestingGit.temporaryDirectory("trebuchet-http");
        bareRepository(remotes);
        try (TestingGitHttpServer git = TestingGitHttpServer.start(remotes, "trebuchet", "s3cret");
                TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> ExportSettings.of(git.url("manifests.git"), data)
                                .withCredentials(RemoteCredentials.basic("trebuchet", "wrong")))) {
            TestingHttp http = server.http();
            new TestingPlatform(http).threeStages().release("cart", "dev");

            JsonNode status = TestingWait.until(
                    "the failure to be reported",
                    TestingExport.TIMEOUT,
                    () -> TestingExport.status(http),
                    current -> current.path("state").asText().equals("retrying"));
            assertThat(status.path("lastError").path("message").asText())
                    .contains(git.url("manifests.git"))
                    .doesNotContain("wrong");
            assertThat(status.path("eventsBehind").asLong()).isPositive();
            assertThat(http.get("/api/v1/applications/cart").status()).isEqualTo(200);
        }
    }

    private static Path bareRepository(Path remotes) {
        Path bare = remotes.resolve("manifests.git");
        try {
            Files.createDirectories(bare);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestingGit.git(bare, "init", "--quiet", "--bare", "--initial-branch=main");
        return bare;
    }

    static boolean rerender(TestingHttp http) {
        Response rerender = http.postJson("/api/v1/export/rerender", "");
        assertThat(rerender.status()).as(rerender.toString()).isEqualTo(200);
        return rerender.json().path("changed").asBoolean();
    }

    /** Along the first-parent history, every export commit names a later event than the one before it. */
    static void assertEventsIncreaseAlongHistory(Path repository) {
        List<Long> events = TestingGit.git(
                        repository,
                        "log",
                        "--first-parent",
                        "--format=%(trailers:key=Trebuchet-Event,valueonly)",
                        "main")
                .lines()
                .filter(line -> !line.isBlank())
                .map(Long::parseLong)
                .toList();
        assertThat(events).isNotEmpty();
        assertThat(events).isSortedAccordingTo((left, right) -> Long.compare(right, left));
        assertThat(events).doesNotHaveDuplicates();
    }
}
