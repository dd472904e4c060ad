package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingBrowser.NetworkResponse;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import io.trebuchet.testing.TestingWebSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages of other origins, loaded in a real headless Chromium, try to change Trebuchet through its API the ways a
 * browser allows without asking the server first: forms (text/plain, form-encoded, multipart), no-cors fetches and
 * beacons, a page of another port of the same host (same-site), a page of {@code localhost} writing to {@code
 * 127.0.0.1}, and a page whose name was re-pointed at Trebuchet (DNS rebinding, simulated with Chromium's
 * {@code --host-resolver-rules}). Each attempt reaches the server, which refuses it, and the API shows afterwards that
 * nothing changed: no deployment over the lock, no lock, no release, no environment, no event.
 */
@ExtendWith(TestingDatabases.class)
class BrowserWritesIT {
    /** A name of the attacker's that the browser resolves to 127.0.0.1, Trebuchet's address. */
    private static final String REBOUND = "evil.test";

    private static final String DEPLOY = "/api/v1/environments/staging/applications/cart/deploy";
    private static final List<String> WRITES =
            List.of("/deploy", "/release", "/locks/", "/train", "/environments/evil");
    private static TestingBrowser browser;
    private static TestingWebSite attacker;

    private TestingServer server;
    private TestingHttp http;
    private String trebuchet;
    private long eventsBefore;
    private final List<NetworkResponse> seen = new ArrayList<>();

    @BeforeAll
    static void startBrowserAndAttacker() {
        browser = TestingBrowser.startRecording(List.of(
                "--host-resolver-rules=MAP " + REBOUND + " 127.0.0.1",
                // http stays http: no upgrade attempt to https first on a name like evil.test.
                "--disable-features=HttpsUpgrades"));
        attacker = TestingWebSite.start();
    }

    @AfterAll
    static void stopBrowserAndAttacker() {
        try {
            browser.close();
        } finally {
            attacker.close();
        }
    }

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        http = server.http();
        trebuchet = http.baseUrl();
        new TestingPlatform(http).threeStages().release("cart", "dev", "staging");
        assertThat(http.putJson("/api/v1/locks/environment/staging/freeze", "{\"message\": \"release freeze\"}")
                        .status())
                .isEqualTo(201);
        eventsBefore = lastEventId();
        browser.responses();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * The attacker's page on another port of 127.0.0.1 (same site, another origin), on localhost and under a name of
     * its own (other sites).
     */
    @ParameterizedTest(name = "attacker page on {0}")
    @ValueSource(strings = {"127.0.0.1", "localhost", REBOUND})
    void formsOfAnotherOriginCannotDeployReleaseOrCreate(String attackerHost) {
        String textPlainDeploy = """
                <form method="post" enctype="text/plain" action="%s%s?text">
                <input type="hidden" name='{"version": 1, "lockBehavior": "ignore", "x": "' value='"}'>
                </form>""".formatted(trebuchet, DEPLOY);
        String formDeploy = """
                <form method="post" action="%s%s?form">
                <input type="hidden" name="version" value="1"><input type="hidden" name="lockBehavior" value="ignore">
                </form>""".formatted(trebuchet, DEPLOY);
        String multipartRelease = """
                <form method="post" enctype="multipart/form-data" action="%s/release">
                <input type="hidden" name="application" value="evil">
                <textarea name="manifests[dev]">%s</textarea>
                </form>""".formatted(trebuchet, TestingPlatform.manifest("evil", "dev"));
        String multipartEnvironment = """
                <form method="post" enctype="multipart/form-data" action="%s/api/environments/evil">
                <input type="hidden" name="config" value='{"upstream": {"latest": true}}'>
                </form>""".formatted(trebuchet);
        String train = """
                <form method="post" action="%s/api/v1/environments/staging/train"></form>""".formatted(trebuchet);

        for (String form : List.of(textPlainDeploy, formDeploy, multipartRelease, multipartEnvironment, train)) {
            String action =
                    form.substring(form.indexOf("action=\"") + 8, form.indexOf("\"", form.indexOf("action=\"") + 8));
            attacker.page(
                    "/attack",
                    "<!doctype html><title>win a prize</title>" + form + "<script>document.forms[0].submit()</script>");

            browser.driver().get(attacker.url(attackerHost, "/attack"));

            NetworkResponse answer = awaitResponse("the answer to the form sent to " + action, action::equals);
            assertThat(answer.status()).as(form).isEqualTo(403);
            browser.await(
                    "the refusal to be shown", driver -> driver.getPageSource().contains("CROSS_SITE_REQUEST"));
        }
        assertNothingChanged();
    }

    @ParameterizedTest(name = "attacker page on {0}")
    @ValueSource(strings = {"127.0.0.1", "localhost", REBOUND})
    void fetchesAndBeaconsOfAnotherOriginCannotChangeAnything(String attackerHost) {
        attacker.page("/blank", "<!doctype html><title>nothing to see</title>");
        browser.driver().get(attacker.url(attackerHost, "/blank"));

        Object outcomes = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const base = arguments[0];
                const deploy = base + arguments[1];
                const body = JSON.stringify({version: 1, lockBehavior: 'ignore'});
                const release = new FormData();
                release.append('application', 'evil');
                release.append('manifests[dev]', new Blob([arguments[2]]), 'dev.yaml');
                const attempts = [
                  fetch(deploy, {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body}),
                  fetch(deploy + '?untyped', {method: 'POST', mode: 'no-cors', body: new Blob([body])}),
                  fetch(deploy + '?form', {method: 'POST', mode: 'no-cors',
                      headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body}),
                  fetch(base + '/release', {method: 'POST', mode: 'no-cors', body: release}),
                  fetch(deploy + '?json', {method: 'POST', headers: {'Content-Type': 'application/json'}, body}),
                  fetch(base + '/api/v1/locks/environment/dev/sneaky', {method: 'PUT',
                      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({message: 'gotcha'})}),
                ];
                navigator.sendBeacon(deploy + '?beacon', body);
                Promise.allSettled(attempts).then(results => done(results.map(result => result.status)));
                """, trebuchet, DEPLOY, TestingPlatform.manifest("evil", "dev"));

        // The no-cors requests are sent and their answers are opaque to the page; the JSON ones need a preflight that
        // the server does not grant, so the browser never sends them.
        assertThat(outcomes)
                .isEqualTo(List.of("fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "rejected"));
        for (String path : List.of(DEPLOY, DEPLOY + "?untyped", DEPLOY + "?form", "/release", DEPLOY + "?beacon")) {
            NetworkResponse answer = awaitResponse("the answer to " + path, (trebuchet + path)::equals);
            assertThat(answer.status()).as(path).isEqualTo(403);
        }
        assertNothingChanged();
    }

    @Test
    void aPageOfLocalhostCannotWriteTo127001ButItsOwnOriginCan() {
        // A document of Trebuchet's under localhost that sets no Content-Security-Policy (the UI's pages would keep
        // their scripts from fetching anywhere else).
        String localhost = trebuchet.replace("127.0.0.1", "localhost");
        browser.driver().get(localhost + "/api/v1/health");

        Object crossOrigin = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
                    body: JSON.stringify({version: 1, lockBehavior: 'ignore'})})
                  .then(response => done(response.type), error => done('failed: ' + error));
                """, trebuchet + DEPLOY);

        assertThat(crossOrigin).isEqualTo("opaque");
        assertThat(awaitResponse("the answer to the deploy", (trebuchet + DEPLOY)::equals)
                        .status())
                .isEqualTo(403);
        assertNothingChanged();

        // The same browser, from Trebuchet's own origin, is answered: the refusals above are the rules, not the
        // browser failing to send.
        Object sameOrigin = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/locks/environment/dev/from-the-ui', {method: 'PUT',
                    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({message: 'mine'})})
                  .then(response => done(response.status), error => done('failed: ' + error));
                """);
        assertThat(sameOrigin).isEqualTo(201L);
        assertThat(http.get("/api/v1/locks?environment=dev").json().path("locks"))
                .hasSize(1);
    }

    @Test
    void aPageWhoseNameWasReboundToTrebuchetCannotReadOrWrite() {
        String rebound = trebuchet.replace("127.0.0.1", REBOUND);
        browser.driver().get(rebound + "/");
        browser.await(
                "the refusal of the page", driver -> driver.getPageSource().contains("HOST_NOT_ALLOWED"));

        // To the browser, the page and the API are one origin: its script may send JSON and read the answers.
        Object statuses = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const json = {'Content-Type': 'application/json'};
                Promise.all([
                  fetch('/api/v1/overview'),
                  fetch(arguments[0], {method: 'POST', headers: json,
                      body: JSON.stringify({version: 1, lockBehavior: 'ignore'})}),
                  fetch('/api/v1/locks/environment/dev/rebound', {method: 'PUT', headers: json,
                      body: JSON.stringify({message: 'rebound'})}),
                  fetch('/api/v1/environments/evil', {method: 'PUT', headers: json,
                      body: JSON.stringify({upstream: {latest: true}})}),
                ]).then(responses => Promise.all(responses.map(response => response.json()
                    .then(body => response.status + ' ' + body.code))))
                  .then(done, error => done('failed: ' + error));
                """, DEPLOY);

        assertThat(statuses)
                .isEqualTo(List.of(
                        "421 HOST_NOT_ALLOWED",
                        "421 HOST_NOT_ALLOWED",
                        "421 HOST_NOT_ALLOWED",
                        "421 HOST_NOT_ALLOWED"));
        assertNothingChanged();
    }

    /** Waits until the browser has received a response whose URL matches, and returns it. */
    private NetworkResponse awaitResponse(String what, Predicate<String> url) {
        return TestingWait.until(
                        "the browser to receive " + what,
                        TestingBrowser.TIMEOUT,
                        () -> {
                            seen.addAll(browser.responses());
                            return seen.stream()
                                    .filter(response -> url.test(response.url()))
                                    .findFirst();
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    private void assertNothingChanged() {
        assertThat(lastEventId()).isEqualTo(eventsBefore);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();
        assertThat(http.get("/api/v1/locks").json().path("locks")).hasSize(1);
        assertThat(http.get("/api/v1/applications/evil").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/environments/evil").status()).isEqualTo(404);
        seen.addAll(browser.responses());
        assertThat(seen.stream()
                        .filter(response -> response.url().startsWith(trebuchet))
                        .filter(response -> WRITES.stream().anyMatch(response.url()::contains))
                        .filter(response -> response.status() < 400)
                        .toList())
                .as("answers of Trebuchet that accepted a change")
                .isEmpty();
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }
}
