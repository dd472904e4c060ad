package io.trebuchet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.RemoteCredentials;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingIdentityProvider;
import io.trebuchet.testing.TestingServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Authentication against a real OIDC provider that the test starts: API tokens, OIDC bearer JWTs (expired, foreign,
 * not yet valid, for another audience, after a key rotation), web sign-in with its session cookie, the actor of a
 * change, the rate limit on failed sign-ins, and, last, that no secret used here appears in anything the server
 * wrote: its log, its events, its answers.
 */
@ExtendWith(TestingDatabases.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticationIT {
    private static final String BOOTSTRAP = "bootstrap-token-0123456789abcdef0123456789";
    private static final String GIT_PASSWORD = "git-password-9d8c7b6a5f4e3d2c";
    private static final String POLICY = """
            p, role:developer, CreateLock, production:prod-de, *, allow
            p, role:developer, DeleteLock, production:prod-de, *, allow
            p, role:admin, CreateEnvironment, *:*, *, allow
            p, role:admin, ManageTokens, *:*, *, allow
            p, role:registry, NotifyImagePush, *:*, *, allow
            g, dev-team, role:developer
            g, platform, role:admin
            """;

    private static TestingIdentityProvider provider;
    private static TestingServer server;
    private static final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private static final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private static final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                event.getKeyValuePairs()
                        .forEach(pair ->
                                line.append(' ').append(pair.key).append('=').append(pair.value));
            }
            if (event.getThrowableProxy() != null) {
                line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            logged.add(line.toString());
        }
    };

    @BeforeAll
    static void start(TestingDatabases databases) {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        provider = TestingIdentityProvider.start();
        AuthSettings settings = new AuthSettings(
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
        // A remote that cannot be reached, with credentials: the export fails and says so, without the password.
        server = TestingServer.startWithAuth(
                Backend.EMBEDDED,
                databases,
                settings,
                data -> ExportSettings.of("http://127.0.0.1:9/platform/manifests.git", data)
                        .withCredentials(RemoteCredentials.https(Optional.of("ci"), Optional.of(GIT_PASSWORD)))
                        .withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO));
        secrets.add(BOOTSTRAP);
        secrets.add(GIT_PASSWORD);
        secrets.addAll(provider.secrets());
        remember(as(BOOTSTRAP).putJson("/api/v1/environments/prod-de", """
                {"upstream": {"latest": true}, "environmentGroup": "production"}"""));
        remember(as(BOOTSTRAP).putJson("/api/v1/environments/staging", """
                {"upstream": {"latest": true}}"""));
    }

    @AfterAll
    static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender(capture);
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** The server's clock stands still; the provider's does not: each test starts at the real time. */
    @BeforeEach
    void clockAtNow() {
        server.clock().set(Instant.now());
    }

    private static TestingHttp as(String token) {
        secrets.add(token);
        return server.http().withBearer(token);
    }

    private static Response remember(Response response) {
        answers.add(response.body());
        return response;
    }

    private static String developerToken() {
        return provider.token(
                "dev@example.com", List.of("dev-team"), TestingIdentityProvider.CLIENT_ID, Duration.ofHours(1));
    }

    @Test
    @Order(1)
    void withoutCredentialsOnlyHealthAndSignInAreOpenAndTheRestIs401InTheOneErrorShape() {
        Response refused = remember(server.http().get("/api/v1/overview"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(refused.json().path("message").asText()).contains("Authorization: Bearer");
        assertThat(server.http().get("/api/v1/health/ready").status()).isEqualTo(200);
        assertThat(server.http().get("/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(remember(server.http().get("/api/v1/auth/config"))
                        .json()
                        .path("issuer")
                        .asText())
                .isEqualTo(provider.issuer().toString());
        Response malformed = remember(server.http().withBearer("").get("/api/v1/overview"));
        assertThat(malformed.status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void apiTokensAreShownOnceKeptAsHashesUsedAndRevoked() {
        // The one answer that carries the secret, once: not among the answers the last test searches.
        Response created = as(BOOTSTRAP).postJson("/api/v1/tokens", """
                {"name": "ci-shop", "roles": ["developer"], "expiresIn": "30d"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().path("secret").asText();
        secrets.add(secret);
        assertThat(secret).startsWith("trb_").hasSizeGreaterThan(40);

        Response listed = remember(as(BOOTSTRAP).get("/api/v1/tokens"));
        assertThat(listed.body()).contains("ci-shop").doesNotContain(secret);
        Response whoami = remember(as(secret).get("/api/v1/auth/whoami"));
        assertThat(whoami.json().path("kind").asText()).isEqualTo("token");
        assertThat(whoami.json().path("roles").toString()).contains("developer");
        assertThat(remember(as(secret).putJson("/api/v1/locks/environment/prod-de/release-freeze", """
                        {"message": "freeze"}"""))
                        .status())
                .isEqualTo(201);
        Response forbidden = remember(as(secret).postJson("/api/v1/tokens", """
                {"name": "escalate", "roles": ["admin"]}"""));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.code()).isEqualTo("FORBIDDEN");
        assertThat(forbidden.json().path("details").path("action").asText()).isEqualTo("ManageTokens");

        assertThat(remember(as(BOOTSTRAP).delete("/api/v1/tokens/ci-shop")).status())
                .isEqualTo(200);
        Response revoked = remember(as(secret).get("/api/v1/overview"));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().path("message").asText()).contains("revoked");
    }

    @Test
    @Order(2)
    void aRegistrysTokenMayNotifyPushesAndNothingElseAndNoOtherTokenMayNotify() {
        Response created = as(BOOTSTRAP).postJson("/api/v1/tokens", """
                {"name": "registry-hook", "roles": ["registry"]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String registry = created.json().path("secret").asText();
        secrets.add(registry);
        String push = """
                {"events": [{"action": "push", "target": {"repository": "team/geo", "tag": "v1"},
                  "request": {"host": "registry.example.com"}}]}""";

        Response notified = remember(as(registry)
                .postWithContentType(
                        "/api/v1/image-sources/notifications",
                        "application/vnd.docker.distribution.events.v1+json",
                        push));
        Response lock = remember(as(registry).putJson("/api/v1/locks/environment/prod-de/registry", """
                {"message": "no"}"""));
        Response developer = remember(as(developerToken())
                .postWithContentType(
                        "/api/v1/image-sources/notifications",
                        "application/vnd.docker.distribution.events.v1+json",
                        push));

        assertThat(notified.status()).as(notified.body()).isEqualTo(200);
        assertThat(lock.status()).isEqualTo(403);
        assertThat(developer.status()).isEqualTo(403);
        assertThat(developer.json().path("details").path("action").asText()).isEqualTo("NotifyImagePush");
        assertThat(remember(as(BOOTSTRAP).delete("/api/v1/tokens/registry-hook"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void anOidcBearerTokenIsAPersonWithTheRolesOfTheirGroupsAndTheActorOfTheirChanges() {
        String token = developerToken();

        Response whoami = remember(as(token).get("/api/v1/auth/whoami"));
        assertThat(whoami.status()).as(whoami.body()).isEqualTo(200);
        assertThat(whoami.json().path("email").asText()).isEqualTo("dev@example.com");
        assertThat(whoami.json().path("roles").toString()).contains("developer");

        // Kuberpult's author headers name someone else: they never replace the identity.
        Response locked = remember(server.http()
                .putJsonWithHeaders(
                        "/api/v1/locks/environment/prod-de/maintenance",
                        "{\"message\": \"maintenance\"}",
                        Map.of(
                                "Authorization", "Bearer " + token,
                                "author-name", "TWFsbG9yeQ==",
                                "author-email", "bWFsbG9yeUBldmlsLmV4YW1wbGU=")));
        assertThat(locked.status()).as(locked.body()).isEqualTo(201);
        assertThat(locked.json().path("lock").toString())
                .contains("dev@example.com")
                .doesNotContain("mallory");

        Response denied = remember(as(token).putJson("/api/v1/locks/environment/staging/maintenance", """
                {"message": "maintenance"}"""));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().path("message").asText())
                .contains("CreateLock")
                .contains("staging");
    }

    @Test
    @Order(4)
    void expiredNotYetValidForeignAndMisaddressedTokensAreRefused() {
        String token = developerToken();
        try {
            server.clock().advance(Duration.ofHours(2));
            Response expired = remember(as(token).get("/api/v1/overview"));
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().path("message").asText()).contains("expired");

            server.clock().advance(Duration.ofHours(-2).minusMinutes(10));
            Response early = remember(as(token).get("/api/v1/overview"));
            assertThat(early.status()).isEqualTo(401);
            assertThat(early.json().path("message").asText()).contains("not valid before");
        } finally {
            server.clock().advance(Duration.ofMinutes(10));
        }

        String foreign = provider.token(
                "someone-else",
                "dev@example.com",
                List.of("dev-team"),
                TestingIdentityProvider.CLIENT_ID,
                Duration.ofHours(1),
                Map.of());
        Response foreignAnswer = remember(as(foreign).get("/api/v1/overview"));
        assertThat(foreignAnswer.status()).isEqualTo(401);
        assertThat(foreignAnswer.json().path("message").asText()).contains("issued by");

        String misaddressed =
                provider.token("dev@example.com", List.of("dev-team"), "another-service", Duration.ofHours(1));
        Response audience = remember(as(misaddressed).get("/api/v1/overview"));
        assertThat(audience.status()).isEqualTo(401);
        assertThat(audience.json().path("message").asText()).contains("audience");

        String tampered =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        assertThat(remember(as(tampered).get("/api/v1/overview")).status()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void afterTheProviderRotatesItsKeysNewTokensAreAcceptedAndOldOnesNot() {
        String before = developerToken();
        assertThat(remember(as(before).get("/api/v1/overview")).status()).isEqualTo(200);

        provider.rotateKeys();
        String after = developerToken();
        // Keys are fetched again at most every 10 s: a little later, a token of the new key is accepted.
        server.clock().advance(Duration.ofSeconds(11));

        assertThat(remember(as(after).get("/api/v1/overview")).status()).isEqualTo(200);
        assertThat(remember(as(before).get("/api/v1/overview")).status()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void aPersonSignsInToTheWebUiWithPkceAndGetsAServerSideSessionInAnHttpOnlyCookie() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page =
                browser.send(get(server.baseUrl() + "/locks"), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login?return=%2Flocks");

        HttpResponse<String> login =
                browser.send(get(server.baseUrl() + "/login?return=%2Flocks"), HttpResponse.BodyHandlers.ofString());
        String authorize = login.headers().firstValue("Location").orElseThrow();
        assertThat(authorize)
                .startsWith(provider.issuer().toString())
                .contains("code_challenge_method=S256")
                .contains("code_challenge=")
                .contains("nonce=")
                .doesNotContain(TestingIdentityProvider.CLIENT_SECRET);

        provider.nextSignIn("ops@example.com", List.of("platform"));
        HttpResponse<String> atProvider = browser.send(get(authorize), HttpResponse.BodyHandlers.ofString());
        String callback = atProvider.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(server.baseUrl() + "/auth/callback?");

        HttpResponse<String> signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(callback))
                        .header("X-Forwarded-Proto", "https")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/locks");
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("trebuchet_session="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Secure")
                .contains("Path=/");
        String session = cookie.substring("trebuchet_session=".length(), cookie.indexOf(';'));
        secrets.add(session);

        HttpResponse<String> locks = browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/locks"))
                        .header("Cookie", "trebuchet_session=" + session)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(locks.statusCode()).isEqualTo(200);
        answers.add(locks.body());
        assertThat(locks.body()).contains("ops");

        HttpResponse<String> replayed = browser.send(get(callback), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as("a callback is used once").isEqualTo(400);

        HttpResponse<String> logout = browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/logout"))
                        .header("Cookie", "trebuchet_session=" + session)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().allValues("Set-Cookie")).anyMatch(value -> value.startsWith("trebuchet_session=;"));
        HttpResponse<String> after = browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/overview"))
                        .header("Cookie", "trebuchet_session=" + session)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the session ended on the server").isEqualTo(401);
    }

    @Test
    @Order(7)
    void failedSignInsAreRateLimitedPerClientInTheOneErrorShape(TestingDatabases databases) {
        AuthSettings strict = new AuthSettings(
                        AuthSettings.Mode.TOKEN,
                        RbacPolicy.parse(POLICY),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        3,
                        AuthSettings.DEFAULT_FAILURE_WINDOW,
                        AuthSettings.DEFAULT_SESSION_LIFETIME,
                        Signatures.NONE,
                        false)
                .withBootstrapToken(BOOTSTRAP);
        try (TestingServer limited = TestingServer.startWithAuth(Backend.EMBEDDED, databases, strict)) {
            limited.clock().set(Instant.now());
            for (int attempt = 1; attempt <= 3; attempt++) {
                Response failed = remember(
                        limited.http().withBearer("trb_guess" + attempt).get("/api/v1/overview"));
                assertThat(failed.status()).isEqualTo(401);
            }

            Response limitedAnswer =
                    remember(limited.http().withBearer("trb_guess4").get("/api/v1/overview"));
            assertThat(limitedAnswer.status()).isEqualTo(429);
            assertThat(limitedAnswer.code()).isEqualTo("RATE_LIMITED");
            assertThat(limitedAnswer
                            .json()
                            .path("details")
                            .path("retryAfterSeconds")
                            .asLong())
                    .isPositive();
            assertThat(remember(limited.http().withBearer(BOOTSTRAP).get("/api/v1/overview"))
                            .status())
                    .as("even a good token waits for the window to end")
                    .isEqualTo(429);

            limited.clock().advance(Duration.ofMinutes(1));
            assertThat(remember(limited.http().withBearer(BOOTSTRAP).get("/api/v1/overview"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(100)
    void noSecretAppearsInTheLogTheEventsOrTheAnswers() {
        answers.add(remember(as(BOOTSTRAP).get("/api/v1/events?limit=1000")).body());
        answers.add(remember(as(BOOTSTRAP).get("/api/v1/export/status")).body());
        String everything = String.join("\n", logged) + "\n" + String.join("\n", answers);
        assertThat(logged).as("the log was captured").isNotEmpty();
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);

        for (String secret : secrets) {
            assertThat(everything)
                    .as("a secret of %d characters", secret.length())
                    .doesNotContain(secret);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }
}
