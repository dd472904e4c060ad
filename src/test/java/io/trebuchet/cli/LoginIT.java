package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.RbacPolicy;
import io.trebuchet.auth.Signatures;
import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingIdentityProvider;
import io.trebuchet.testing.TestingServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trebuchet login} against a real OIDC provider (mock-oauth2-server): with a browser (authorization code with
 * PKCE, answered on 127.0.0.1), with the device flow, and with an API token; the token is kept owner-only in the
 * user's config directory and sent by later commands; {@code trebuchet token} administers API tokens.
 */
@ExtendWith(TestingDatabases.class)
class LoginIT {
    private static final String BOOTSTRAP = "bootstrap-token-for-login-it-0123456789";
    private static final String POLICY = """
            p, role:developer, CreateLock, *:*, *, allow
            p, role:developer, DeleteLock, *:*, *, allow
            p, role:admin, CreateEnvironment, *:*, *, allow
            p, role:admin, ManageTokens, *:*, *, allow
            g, dev-team, role:developer
            g, platform, role:admin
            """;
    private static final Pattern AUTHORIZE =
            Pattern.compile("(http://(?:127\\.0\\.0\\.1|localhost):\\d+/\\S+/authorize\\?\\S+)");

    private static AuthSettings settings(TestingIdentityProvider provider) {
        return new AuthSettings(
                        AuthSettings.Mode.OIDC,
                        RbacPolicy.parse(POLICY),
                        Optional.empty(),
                        Optional.of(provider.settings()),
                        Optional.empty(),
                        1000,
                        AuthSettings.DEFAULT_FAILURE_WINDOW,
                        AuthSettings.DEFAULT_SESSION_LIFETIME,
                        Signatures.NONE,
                        false)
                .withBootstrapToken(BOOTSTRAP);
    }

    /** A command line run in the background, whose standard error can be read while it runs. */
    private record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        static Running start(Map<String, String> environment, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                    () -> Main.run(args, new PrintWriter(out), new PrintWriter(err), environment));
            return new Running(exit, out, err);
        }

        int await() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }

        String waitForError(Pattern pattern) throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                Matcher matcher = pattern.matcher(err.toString());
                if (matcher.find()) {
                    return matcher.group(1);
                }
                if (exit.isDone()) {
                    throw new AssertionError("the command ended: " + out + err);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            throw new AssertionError("the command did not print " + pattern + ": " + out + err);
        }
    }

    private static Map<String, String> environment(TestingServer server, Path home) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TREBUCHET_URL", server.baseUrl());
        environment.put("HOME", home.toString());
        return environment;
    }

    private static TestingCliResult run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), environment);
        return new TestingCliResult(exit, out.toString(), err.toString());
    }

    private record TestingCliResult(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + out + err;
        }
    }

    @Test
    void aPersonSignsInWithABrowserOnThisMachineAndLaterCommandsSendTheKeptTokenUntilLogout(
            TestingDatabases databases, @TempDir Path home) throws Exception {
        try (TestingIdentityProvider provider = TestingIdentityProvider.start();
                TestingServer server = TestingServer.startWithAuth(Backend.EMBEDDED, databases, settings(provider))) {
            Map<String, String> environment = environment(server, home);
            assertThat(run(environment, "locks").toString()).contains("UNAUTHENTICATED", "trebuchet login");

            provider.nextSignIn("dev@example.com", List.of("dev-team"));
            Running login = Running.start(environment, "login", "--wait", "30s");
            String authorize = login.waitForError(AUTHORIZE);
            assertThat(authorize)
                    .contains("code_challenge_method=S256", "redirect_uri=http%3A%2F%2F127.0.0.1%3A")
                    .doesNotContain(TestingIdentityProvider.CLIENT_SECRET);

            // The browser: the provider signs the person in and sends the browser back to the CLI's loopback port.
            HttpClient browser = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> atProvider = browser.send(
                    HttpRequest.newBuilder(URI.create(authorize)).GET().build(), HttpResponse.BodyHandlers.ofString());
            String callback = atProvider.headers().firstValue("Location").orElseThrow();
            assertThat(callback).startsWith("http://127.0.0.1:").contains("/callback?code=");
            HttpResponse<String> back = browser.send(
                    HttpRequest.newBuilder(URI.create(callback)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(back.body()).contains("Signed in to Trebuchet");

            assertThat(login.await()).as(login.out() + "" + login.err()).isZero();
            assertThat(login.out().toString()).contains("Signed in to " + server.baseUrl() + " as dev@example.com");
            assertThat(login.out().toString()).contains("roles: developer");

            Path file = home.resolve(".config/trebuchet/credentials.json");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(file.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            JsonNode kept = Json.mapper().readTree(Files.readString(file));
            assertThat(kept.path("servers").path(server.baseUrl()).path("kind").asText())
                    .isEqualTo("oidc");
            assertThat(kept.path("servers").path(server.baseUrl()).path("token").asText())
                    .startsWith("ey");

            server.http().withBearer(BOOTSTRAP).putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
            TestingCliResult locked =
                    run(environment, "lock", "--environment", "dev", "--lock-id", "night", "--message", "calm");
            assertThat(locked.exitCode()).as(locked.toString()).isZero();
            JsonNode events =
                    server.http().withBearer(BOOTSTRAP).get("/api/v1/events").json();
            assertThat(events.toString()).contains("dev@example.com");

            TestingCliResult logout = run(environment, "logout");
            assertThat(logout.exitCode()).isZero();
            assertThat(logout.out()).contains("Signed out of " + server.baseUrl());
            assertThat(Files.readString(file)).doesNotContain(server.baseUrl());
            assertThat(run(environment, "locks").exitCode()).isEqualTo(Main.EXIT_REFUSED);
        }
    }

    @Test
    void whereTheProviderOffersTheDeviceFlowAPersonEntersACodeAndTheCliPollsForTheToken(
            TestingDatabases databases, @TempDir Path home) throws Exception {
        try (TestingIdentityProvider provider = TestingIdentityProvider.startWithDeviceFlow();
                TestingServer server = TestingServer.startWithAuth(Backend.EMBEDDED, databases, settings(provider))) {
            Map<String, String> environment = environment(server, home);
            Running login = Running.start(environment, "login", "--output", "json");

            String userCode =
                    provider.approveNextDevice("ops@example.com", List.of("platform"), Duration.ofSeconds(30));
            assertThat(login.await()).as(login.out() + "" + login.err()).isZero();
            assertThat(login.err().toString()).contains("enter the code " + userCode);
            JsonNode answer = Json.mapper().readTree(login.out().toString());
            assertThat(answer.path("kind").asText()).isEqualTo("oidc");
            assertThat(answer.path("identity").path("email").asText()).isEqualTo("ops@example.com");
            assertThat(answer.path("identity").path("roles").toString()).contains("admin");

            // An administrator signed in at the terminal manages API tokens.
            TestingCliResult created = run(environment, "token", "create", "github-ci", "--role", "developer");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            String secret = created.out().strip();
            assertThat(secret).startsWith("trb_");
            assertThat(created.err()).contains("shown only this once");

            TestingCliResult listed = run(environment, "token", "list");
            assertThat(listed.out()).contains("github-ci", "developer", "ops@example.com", "active");
            assertThat(listed.out()).doesNotContain(secret);

            // CI keeps the API token with login --token, and acts as the token.
            Path ciHome = home.resolve("ci");
            Map<String, String> ci = environment(server, ciHome);
            TestingCliResult ciLogin = run(ci, "login", "--token", secret);
            assertThat(ciLogin.exitCode()).as(ciLogin.toString()).isZero();
            assertThat(ciLogin.out()).contains("as github-ci");
            assertThat(run(ci, "locks").exitCode()).isZero();

            TestingCliResult revoked = run(environment, "token", "revoke", "github-ci");
            assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
            TestingCliResult refused = run(ci, "locks");
            assertThat(refused.exitCode()).isEqualTo(Main.EXIT_REFUSED);
            assertThat(refused.err()).contains("UNAUTHENTICATED").doesNotContain(secret);
            assertThat(run(environment, "--output", "json", "token", "list")
                            .json()
                            .toString())
                    .contains("revokedAt");
        }
    }

    @Test
    void aServerWithoutSignInSaysSoAndNothingIsKept(TestingDatabases databases, @TempDir Path home) {
        try (TestingServer server = TestingServer.start(Backend.EMBEDDED, databases)) {
            TestingCliResult login = run(environment(server, home), "login");

            assertThat(login.exitCode()).isEqualTo(Main.EXIT_REFUSED);
            assertThat(login.err()).contains("SIGN_IN_UNAVAILABLE", "offers no sign-in");
            assertThat(home.resolve(".config/trebuchet/credentials.json")).doesNotExist();
        }
    }
}
