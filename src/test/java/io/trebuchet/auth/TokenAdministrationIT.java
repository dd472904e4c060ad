package io.trebuchet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * API tokens administered through the API and the web UI's {@code /tokens} page: created (the secret shown once),
 * listed without secrets, revoked; each creation and revocation is an event of the audit log with the administrator
 * as actor; a person without ManageTokens sees the form disabled with the reason and is refused if they post anyway.
 */
@ExtendWith(TestingDatabases.class)
class TokenAdministrationIT {
    private static final String BOOTSTRAP = "bootstrap-token-for-token-admin-0123456789";
    private static final String POLICY = """
            p, role:admin, ManageTokens, *:*, *, allow
            p, role:developer, CreateLock, *:*, *, allow
            p, role:ci, CreateRelease, *:*, *, allow
            p, role:ci, CreateLock, *:*, *, allow
            p, role:ci, DeleteLock, *:*, *, allow
            """;
    private static final Pattern CSRF = Pattern.compile("trebuchet_csrf=([A-Za-z0-9_-]{43})");
    private static final Pattern SECRET = Pattern.compile("(trb_[A-Za-z0-9_-]+)");

    private final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static AuthSettings settings() {
        return new AuthSettings(
                        AuthSettings.Mode.TOKEN,
                        RbacPolicy.parse(POLICY),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        1000,
                        AuthSettings.DEFAULT_FAILURE_WINDOW,
                        AuthSettings.DEFAULT_SESSION_LIFETIME,
                        Signatures.NONE,
                        false)
                .withBootstrapToken(BOOTSTRAP);
    }

    private String create(TestingHttp as, String name, String role) {
        TestingHttp.Response created =
                as.postJson("/api/v1/tokens", "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("secret").asText();
    }

    private HttpResponse<String> page(TestingServer server, String token, String csrf) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/tokens"))
                        .header("Authorization", "Bearer " + token)
                        .header("Cookie", "trebuchet_csrf=" + csrf)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(
            TestingServer server, String path, String token, String csrf, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Cookie", "trebuchet_csrf=" + csrf)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String csrf(TestingServer server, String token) throws Exception {
        HttpResponse<String> first = browser.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/tokens"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = CSRF.matcher(String.join(";", first.headers().allValues("Set-Cookie")));
        assertThat(matcher.find()).as(first.headers().toString()).isTrue();
        return matcher.group(1);
    }

    @Test
    void kuberpultsEndpointsTakeTheBearerTokenAndTheActorIsTheTokenWhileTheHeadersStayTheAuthor(
            TestingDatabases databases) throws Exception {
        try (TestingServer server = TestingServer.startWithAuth(Backend.EMBEDDED, databases, settings())) {
            TestingHttp bootstrap = server.http().withBearer(BOOTSTRAP);
            bootstrap.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
            String ci = create(bootstrap, "kuberpult-ci", "ci");
            String developer = create(bootstrap, "dev-person", "developer");
            TestingHttp.Multipart form = TestingHttp.Multipart.form()
                    .field("application", "cart")
                    .file("manifests[dev]", "dev.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart\n");

            TestingHttp.Response anonymous = server.http().postMultipart("/release", form);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");

            TestingHttp.Response forbidden = server.http().withBearer(developer).postMultipart("/api/release", form);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.code()).isEqualTo("FORBIDDEN");
            assertThat(forbidden.json().path("details").path("action").asText()).isEqualTo("CreateRelease");

            TestingHttp.Response released = server.http()
                    .withBearer(ci)
                    .postMultipart("/release", form, TestingHttp.author("Ada Lovelace", "ada@example.com"));
            assertThat(released.status()).as(released.body()).isEqualTo(201);
            TestingHttp.Response locked = server.http()
                    .withBearer(ci)
                    .putJson("/environments/dev/locks/maintenance", "{\"message\":\"maintenance\"}");
            assertThat(locked.status()).as(locked.body()).isEqualTo(200);

            JsonNode events = bootstrap.get("/api/v1/events?limit=100").json().path("events");
            JsonNode release = null;
            for (JsonNode event : events) {
                if (event.path("kind").asText().equals("RELEASE_CREATED")) {
                    release = event;
                }
            }
            assertThat(release).isNotNull();
            assertThat(release.path("actor").path("name").asText()).isEqualTo("kuberpult-ci");
            assertThat(release.toString()).doesNotContain(ci);

            // The developer may create locks but not delete them: the locks page says so instead of a 403 later.
            String csrf = csrf(server, developer);
            HttpResponse<String> locks = browser.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/locks"))
                            .header("Authorization", "Bearer " + developer)
                            .header("Cookie", "trebuchet_csrf=" + csrf)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(locks.statusCode()).isEqualTo(200);
            assertThat(locks.body()).contains("maintenance").contains("You may not delete this lock");
            HttpResponse<String> ciLocks = browser.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/locks"))
                            .header("Authorization", "Bearer " + ci)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ciLocks.body()).contains("maintenance").doesNotContain("You may not delete this lock");

            // Nobody here may run trains: the prognosis offers the run disabled, with the reason.
            HttpResponse<String> train = browser.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/environments/dev/train"))
                            .header("Authorization", "Bearer " + developer)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(train.statusCode()).as(train.body()).isEqualTo(200);
            assertThat(train.body()).contains("You may not run this train");

            // The developer may lock the application but not unlock it: the application page says so.
            TestingHttp.Response appLock = server.http()
                    .withBearer(ci)
                    .putJson("/environments/dev/applications/cart/locks/hold", "{\"message\":\"hold\"}");
            assertThat(appLock.status()).as(appLock.body()).isEqualTo(200);
            HttpResponse<String> application = browser.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/applications/cart"))
                            .header("Authorization", "Bearer " + developer)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(application.statusCode()).as(application.body()).isEqualTo(200);
            assertThat(application.body())
                    .contains("You may not unlock it here")
                    .doesNotContain("You may not lock it here");
        }
    }

    @Test
    void anAdministratorCreatesListsAndRevokesTokensInTheUiAndEachIsAnEventOfTheAdministrator(
            TestingDatabases databases) throws Exception {
        try (TestingServer server = TestingServer.startWithAuth(Backend.EMBEDDED, databases, settings())) {
            TestingHttp bootstrap = server.http().withBearer(BOOTSTRAP);
            String admin = create(bootstrap, "ops-admin", "admin");
            String developer = create(bootstrap, "dev-ci", "developer");

            String csrf = csrf(server, admin);
            HttpResponse<String> created = post(
                    server,
                    "/tokens",
                    admin,
                    csrf,
                    Map.of("_csrf", csrf, "name", "ci-bot", "roles", "developer", "expiresIn", "30d"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("shown only this once");
            Matcher secret = SECRET.matcher(created.body());
            assertThat(secret.find()).isTrue();
            assertThat(server.http()
                            .withBearer(secret.group(1))
                            .get("/api/v1/locks")
                            .status())
                    .isEqualTo(200);

            HttpResponse<String> listed = page(server, admin, csrf);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains("ci-bot", "ops-admin", "dev-ci").doesNotContain(secret.group(1));

            HttpResponse<String> revoked =
                    post(server, "/tokens/revoke", admin, csrf, Map.of("_csrf", csrf, "name", "ci-bot"));
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.body()).contains("Revoked the API token 'ci-bot'");
            assertThat(server.http()
                            .withBearer(secret.group(1))
                            .get("/api/v1/locks")
                            .status())
                    .isEqualTo(401);

            HttpResponse<String> withoutToken =
                    post(server, "/tokens", admin, csrf, Map.of("name", "sneaky", "roles", "admin"));
            assertThat(withoutToken.statusCode()).isEqualTo(403);

            JsonNode events = bootstrap.get("/api/v1/events?limit=100").json().path("events");
            StringBuilder trail = new StringBuilder();
            for (JsonNode event : events) {
                String kind = event.path("kind").asText();
                if (kind.startsWith("TOKEN_")) {
                    trail.append(kind)
                            .append(' ')
                            .append(event.path("payload").path("name").asText())
                            .append(" by ")
                            .append(event.path("actor").path("name").asText())
                            .append('\n');
                }
            }
            assertThat(trail.toString())
                    .contains("TOKEN_CREATED ops-admin by bootstrap")
                    .contains("TOKEN_CREATED ci-bot by ops-admin")
                    .contains("TOKEN_REVOKED ci-bot by ops-admin");
            assertThat(events.toString()).doesNotContain(secret.group(1)).doesNotContain(admin);

            // A developer sees why they may not, instead of an error after the click, and is refused anyway.
            String developerCsrf = csrf(server, developer);
            HttpResponse<String> refusedPage = page(server, developer, developerCsrf);
            assertThat(refusedPage.statusCode()).isEqualTo(200);
            assertThat(refusedPage.body())
                    .contains("You may not manage API tokens")
                    .contains("disabled")
                    .doesNotContain("ops-admin");
            HttpResponse<String> refusedPost = post(
                    server,
                    "/tokens",
                    developer,
                    developerCsrf,
                    Map.of("_csrf", developerCsrf, "name", "mine", "roles", "admin"));
            assertThat(refusedPost.statusCode()).isEqualTo(403);
        }
    }
}
