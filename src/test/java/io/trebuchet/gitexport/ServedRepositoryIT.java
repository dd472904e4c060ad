package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.RbacPolicy;
import io.trebuchet.auth.Signatures;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCommand;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The manifest repository served read only over git's smart HTTP protocol at {@code /git/manifests.git}, as Argo CD
 * and Flux read it: the git command line clones it, a fetch after new events brings only the new objects, a push is
 * refused, and with authentication on a token is the password.
 */
@ExtendWith(TestingDatabases.class)
class ServedRepositoryIT {
    private static final String BOOTSTRAP = "bootstrap-token-served-repository-0123456789";
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
    /** How many objects the server sent, as JGit's upload-pack reports it: "remote: Total N (delta D)". */
    private static final Pattern OBJECTS = Pattern.compile("remote: Total (\\d+) \\(delta");

    @Test
    void gitClonesAndFetchesOnlyWhatIsNewAndCannotPush(TestingDatabases databases) throws IOException {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingHttp http = server.http();
            TestingPlatform platform = new TestingPlatform(http).threeStages();
            for (String application : List.of("cart", "checkout", "search", "payments", "catalog", "accounts")) {
                platform.release(application, "dev", "staging", "prod-de", "prod-fr");
            }
            awaitExported(http);
            Path work = TestingGit.temporaryDirectory("trebuchet-served");
            String url = server.baseUrl() + "/git/manifests.git";

            TestingCommand.Result clone = git(work, "clone", "--progress", url, "clone");

            assertThat(clone.exitCode()).as(clone.output()).isZero();
            Path checkout = work.resolve("clone");
            assertThat(checkout.resolve("environments/dev/applications/cart/manifests/manifests.yaml"))
                    .exists();
            assertThat(checkout.resolve("argocd/v1alpha1/prod-de.yaml")).exists();
            int cloned = objects(clone.output());

            // A new version whose manifest differs: one file changes.
            TestingHttp.Response release = http.postMultipart(
                    "/api/release",
                    TestingHttp.Multipart.form()
                            .field("application", "cart")
                            .file(
                                    "manifests[dev]",
                                    "dev.yaml",
                                    TestingPlatform.manifest("cart", "dev") + "  version: \"2\"\n"));
            assertThat(release.status()).as(release.toString()).isEqualTo(201);
            awaitExported(http);
            TestingCommand.Result fetch = git(checkout, "fetch", "--progress", "origin");

            assertThat(fetch.exitCode()).as(fetch.output()).isZero();
            assertThat(fetch.output()).containsPattern("[0-9a-f]+\\.\\.[0-9a-f]+\\s+main\\s+->\\s+origin/main");
            int fetched = objects(fetch.output());
            // One commit that changes one manifest: the commit, the trees on the way to the file, and the file.
            assertThat(fetched).as(fetch.output()).isLessThan(cloned).isLessThanOrEqualTo(12);
            assertThat(git(checkout, "rev-parse", "origin/main").output().strip())
                    .isEqualTo(git(server.dataDirectory(), "--git-dir=manifests.git", "rev-parse", "main")
                            .output()
                            .strip());

            TestingCommand.Result nothingNew = git(checkout, "fetch", "--progress", "origin");
            assertThat(nothingNew.exitCode()).as(nothingNew.output()).isZero();
            assertThat(OBJECTS.matcher(nothingNew.output()).find()).isFalse();

            Files.writeString(checkout.resolve("intruder.txt"), "not from Trebuchet\n");
            git(checkout, "add", "intruder.txt");
            git(checkout, "-c", "user.name=Someone", "-c", "user.email=someone@example.com", "commit", "-m", "by hand");
            TestingCommand.Result push = git(checkout, "push", "origin", "HEAD:main");

            assertThat(push.exitCode()).as(push.output()).isNotZero();
            assertThat(push.output()).contains("403");
            assertThat(git(server.dataDirectory(), "--git-dir=manifests.git", "rev-parse", "main")
                            .output()
                            .strip())
                    .isEqualTo(
                            git(checkout, "rev-parse", "origin/main").output().strip());
        }
    }

    @Test
    void withAuthenticationOnATokenIsThePassword(TestingDatabases databases) throws IOException {
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
            TestingHttp http = server.http().withBearer(BOOTSTRAP);
            new TestingPlatform(http).threeStages();
            awaitExported(http);
            Path work = TestingGit.temporaryDirectory("trebuchet-served-auth");
            String address = server.baseUrl().substring("http://".length()) + "/git/manifests.git";

            TestingCommand.Result anonymous = git(work, "clone", "http://" + address, "anonymous");
            TestingCommand.Result wrong = git(work, "clone", "http://git:not-a-token@" + address, "wrong");
            TestingCommand.Result withToken = git(work, "clone", "http://git:" + BOOTSTRAP + "@" + address, "token");
            TestingCommand.Result withBearer = git(
                    work,
                    "-c",
                    "http.extraHeader=Authorization: Bearer " + BOOTSTRAP,
                    "clone",
                    "http://" + address,
                    "bearer");

            assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();
            assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
            assertThat(wrong.output()).contains("Authentication failed");
            assertThat(withToken.exitCode()).as(withToken.output()).isZero();
            assertThat(work.resolve("token/environments/prod-de/config.json")).exists();
            assertThat(withBearer.exitCode()).as(withBearer.output()).isZero();
            assertThat(server.http()
                            .get("/git/manifests.git/info/refs?service=git-upload-pack")
                            .status())
                    .isEqualTo(401);
        }
    }

    private static void awaitExported(TestingHttp http) {
        TestingWait.until(
                "the export pushed every event",
                Duration.ofSeconds(30),
                () -> http.get("/api/v1/export/status")
                                .json()
                                .path("eventsBehind")
                                .asLong()
                        == 0);
    }

    private static int objects(String output) {
        Matcher matcher = OBJECTS.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static TestingCommand.Result git(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        return TestingCommand.run(
                directory,
                Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null"),
                GIT_TIMEOUT,
                command);
    }
}
