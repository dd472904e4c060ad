package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The environments page in a real browser. */
@ExtendWith(TestingDatabases.class)
class EnvironmentsPageIT {
    private static TestingBrowser browser;

    private TestingServer server;

    @BeforeAll
    static void startBrowser() {
        browser = TestingBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(Backend.POSTGRESQL, databases);
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void showsGroupsAndEnvironmentsInUpstreamOrderWithTheirConfig() {
        TestingPlatform platform = new TestingPlatform(server.http())
                .environment("dev", "{\"upstream\":{\"latest\":true}}")
                .environment("staging", "{\"upstream\":{\"environment\":\"dev\"}}")
                .environment("prod-de", """
                        {"upstream": {"environment": "staging"}, "environmentGroup": "production",
                         "argocd": {"destination": {"server": "https://kubernetes.default.svc",
                                                    "namespace": "apps"},
                                    "syncWindows": [{"kind": "deny", "schedule": "0 22 * * *", "duration": "8h",
                                                     "applications": ["*"], "timeZone": "Europe/Berlin"}],
                                    "accessList": [{"group": "*", "kind": "Namespace"}],
                                    "syncOptions": ["CreateNamespace=true"]}}
                        """)
                .environment(
                        "prod-fr", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        WebSamples.release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging");
        WebSamples.release(platform, "search", "discovery", "1.0.0", "Search", "dev");

        browser.open(server.baseUrl() + "/environments");

        assertThat(browser.attributes("section.stage", "data-group")).containsExactly("dev", "staging", "production");
        assertThat(browser.attributes("section[data-group='production'] article.card", "data-env"))
                .containsExactly("prod-de", "prod-fr");
        assertThat(browser.findAll(".chain .chain-link"))
                .as("dev → staging → production: an arrow before each stage but the first")
                .hasSize(2);
        assertThat(browser.findAll("section.stage.group"))
                .as("only the production group is drawn as a group; dev and staging are environments alone")
                .hasSize(1);
        assertThat(browser.findAll("section.stage article.card h2.card-title")).hasSize(2);
        assertThat(browser.findAll("section.stage.group article.card h3.card-title"))
                .hasSize(2);
        assertThat(browser.script(
                        "return getComputedStyle(arguments[0]).borderLeftWidth", browser.find("#group-production")))
                .as("a group is not a box around its members' boxes")
                .isEqualTo("0px");
        assertThat(browser.find("#environment-dev").getText())
                .contains("gets every new release", "Feeds", "staging", "Applications\n2", "No Argo CD settings.");
        assertThat(browser.find("#environment-staging").getText())
                .contains("takes versions from dev", "prod-de", "prod-fr", "Applications\n0");
        assertThat(browser.find("#environment-prod-de").getText())
                .contains(
                        "https://kubernetes.default.svc namespace apps",
                        "deny 0 22 * * * for 8h (Europe/Berlin) · *",
                        "CreateNamespace=true",
                        "*/Namespace");
        browser.screenshot("environments");
    }

    @Test
    void lockAnEnvironmentAndSeeTheTrainPrognosisSkipIt() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        WebSamples.release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging");
        WebSamples.release(platform, "cart", "payments", "1.1.0", "Remember the cart", "dev", "staging");
        browser.open(server.baseUrl() + "/environments");
        assertThat(browser.find("#environment-staging .no-locks").getText()).isEqualTo("Not locked.");

        browser.find("#environment-staging form.lock-form input[name='message']")
                .sendKeys("Release review");
        browser.find("#environment-staging form.lock-form input[name='expiresIn']")
                .sendKeys("1h");
        browser.find("#environment-staging form.lock-form button").click();

        WebElement outcome = browser.await(
                "the outcome on the staging card",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#environment-staging .message.done")));
        assertThat(outcome.getText())
                .matches(
                        "Locked staging \\(lock 'ui-[a-z2-9]{10}', expires 2026-11-02 11:00:00 UTC\\): automation stops"
                                + " there until someone unlocks it\\.");
        assertThat(browser.find("#environment-staging li.lock").getText())
                .contains("whole environment", "“Release review”", "anonymous", "active", "expires in 1 hour");
        assertThat(browser.findAll("#environment-staging .card-title .note-lock"))
                .hasSize(1);

        browser.find("#environment-staging form.train-form button").click();

        WebElement skipped = browser.await(
                "the prognosis",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#train-env-staging .train-skipped[data-cause='ENVIRONMENT_LOCKED']")));
        assertThat(skipped.getText())
                .startsWith("staging is skipped. Environment lock 'ui-")
                .endsWith(" on staging: Release review.");
        assertThat(browser.find("#train-env-staging .train-summary").getText())
                .isEqualTo("staging from dev · Would deploy 0, queue 1, leave 0 as they are.");
        assertThat(browser.find("#train-env-staging .train-group[data-group='lock'] summary")
                        .getText())
                .isEqualTo("Would queue behind a lock 1");
        assertThat(browser.find("#train-env-staging .train-group[data-group='lock'] tr[data-app='cart']")
                        .getText())
                .contains("new: v2", "Environment lock 'ui-", " on staging: Release review.")
                .doesNotContain("environment locked");
        assertThat(browser.find("#train-env-staging .train-bar .train-total").getText())
                .isEqualTo("Would deploy 0, queue 1, leave 0 as they are.");
        browser.script("arguments[0].scrollIntoView()", browser.find("#environment-staging .train-heading"));
        browser.screenshot("environments-train-prognosis");
        assertThat(server.http()
                        .get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("staging"))
                .as("a prognosis changes nothing")
                .isFalse();
    }

    @Test
    void anArrowStaysWithTheStageItLeadsIntoWhereTheChainWraps() {
        new TestingPlatform(server.http())
                .threeStages()
                .environment("disaster-recovery", "{\"upstream\":{\"environment\":\"prod-de\"}}")
                .environment("canary", "{\"upstream\":{\"environment\":\"staging\"}}");
        List<String> dangling = new java.util.ArrayList<>();
        for (TestingBrowser.Viewport viewport :
                List.of(TestingBrowser.Viewport.PHONE_LIGHT, TestingBrowser.Viewport.DESKTOP_LIGHT)) {
            try {
                browser.emulate(viewport);
                browser.open(server.baseUrl() + "/environments");

                assertThat(browser.findAll(".chain .chain-link")).hasSize(4);
                @SuppressWarnings("unchecked")
                List<String> off = (List<String>) browser.script(ARROWS_OFF_THEIR_STAGE);
                off.forEach(arrow -> dangling.add(viewport.width() + " px: " + arrow));
                assertThat(browser.script("return document.documentElement.scrollWidth"
                                + " <= document.documentElement.clientWidth"))
                        .as("the chain does not widen the page at %d px", viewport.width())
                        .isEqualTo(true);
            } finally {
                browser.resetViewport();
            }
        }
        assertThat(dangling)
                .as("every arrow is on the line of the stage it leads into, just before it")
                .isEmpty();
    }

    /**
     * The arrows that do not sit on the line of the stage they lead into, just before it: an arrow whose top is above
     * its stage's top or below its stage's bottom, or that is not left of it, ends a line or floats between lines.
     */
    private static final String ARROWS_OFF_THEIR_STAGE = """
            const off = [];
            document.querySelectorAll('.chain .chain-link').forEach(link => {
              const stage = link.nextElementSibling;
              const arrow = link.getBoundingClientRect();
              const next = stage ? stage.getBoundingClientRect() : null;
              if (!next || arrow.top < next.top - 1 || arrow.top >= next.bottom || arrow.right > next.left + 1) {
                off.push((stage ? stage.getAttribute('data-group') : 'nothing') + ' arrow at ' + Math.round(arrow.left)
                  + ',' + Math.round(arrow.top) + ', stage at ' + (next ? Math.round(next.left) + ',' + Math.round(next.top) : '-'));
              }
            });
            return off;
            """;

    @Test
    void aRefusedLockNamesTheFieldAsTheFormLabelsIt() {
        new TestingPlatform(server.http()).threeStages();
        browser.open(server.baseUrl() + "/environments");

        browser.find("#environment-staging form.lock-form input[name='message']")
                .sendKeys("Release review");
        browser.find("#environment-staging form.lock-form input[name='expiresIn']")
                .sendKeys("soon");
        browser.find("#environment-staging form.lock-form button").click();

        WebElement refusal = browser.await(
                "the refusal on the staging card",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#environment-staging .message.error")));
        assertThat(refusal.getText())
                .isEqualTo("Expires in must be a duration such as 30m, 8h, 1h30m, 2d or 1w, got 'soon'.")
                .doesNotContain("expiresIn", "INVALID_LOCK");
        assertThat(browser.find("#environment-staging .no-locks").getText()).isEqualTo("Not locked.");
        assertThat(browser.texts("#environment-staging form.lock-form label"))
                .as("the field the refusal names is labelled so on the form")
                .anyMatch(label -> label.startsWith("Expires in"))
                .anyMatch(label -> label.startsWith("Message"));
        assertThat(browser.find("#environment-staging form.lock-form input[name='message']")
                        .getDomProperty("value"))
                .as("what was typed stays, to be corrected")
                .isEqualTo("Release review");
        assertThat(browser.find("#environment-staging form.lock-form input[name='expiresIn']")
                        .getDomProperty("value"))
                .isEqualTo("soon");
        assertThat(browser.find("#environment-dev form.lock-form input[name='message']")
                        .getDomProperty("value"))
                .as("only the refused form keeps it")
                .isEmpty();

        browser.find("#environment-staging form.lock-form input[name='expiresIn']")
                .clear();
        browser.find("#environment-staging form.lock-form button").click();
        browser.await(
                "the lock with the message as typed before the refusal",
                driver -> browser.find("#environment-staging").getText().contains("Release review"));
        assertThat(browser.find("#environment-staging form.lock-form input[name='message']")
                        .getDomProperty("value"))
                .as("a lock that was put empties its form")
                .isEmpty();

        browser.find("#group-production .group-controls form.lock-form input[name='message']")
                .sendKeys("   ");
        browser.find("#group-production .group-controls form.lock-form input[name='expiresIn']")
                .sendKeys("2h");
        browser.find("#group-production .group-controls form.lock-form button").click();

        WebElement groupRefusal = browser.await(
                "the refusal on the production group",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#group-production > .message.error")));
        assertThat(groupRefusal.getText()).startsWith("Message is missing");
        assertThat(browser.find("#group-production .group-controls form.lock-form input[name='expiresIn']")
                        .getDomProperty("value"))
                .isEqualTo("2h");
    }

    @Test
    void runATrainAfterConfirmingAndSeeWhatItDid() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        WebSamples.release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging");
        WebSamples.release(platform, "search", "discovery", "1.0.0", "Search", "dev");
        browser.open(server.baseUrl() + "/environments");

        new Select(browser.find("#environment-staging form.train-form select[name='team']")).selectByValue("payments");
        browser.find("#environment-staging form.train-form button").click();

        browser.await(
                "the prognosis",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#train-env-staging button.run-train")));
        assertThat(browser.find("#train-env-staging h4").getText())
                .isEqualTo("Prognosis: release train into environment staging for team payments");
        assertThat(browser.find("#train-env-staging tr[data-app='cart']").getText())
                .contains("would deploy", "new: v1");
        assertThat(browser.texts("#train-env-staging details.train-group[data-group='not-in-train'] tr[data-app]"))
                .singleElement()
                .asString()
                .contains("search", "Application is in team discovery.");
        assertThat(server.http()
                        .get("/api/v1/events?kind=RELEASE_TRAIN")
                        .json()
                        .path("events")
                        .size())
                .isZero();

        browser.find("#train-env-staging button.run-train").click();

        browser.await(
                "what the train did",
                driver ->
                        "false".equals(browser.find("#train-env-staging .train").getAttribute("data-prognosis")));
        assertThat(browser.find("#train-env-staging h4").getText())
                .isEqualTo("What the train into environment staging did for team payments");
        assertThat(browser.find("#train-env-staging .message.done").getText())
                .startsWith("The train ran into environment staging (train ");
        assertThat(browser.find("#train-env-staging .train-summary").getText())
                .isEqualTo("staging from dev · Deployed 1, queued 0, left 1 as they were.");
        assertThat(browser.find("#train-env-staging tr[data-app='cart']").getText())
                .contains("deployed", "new: v1");
        assertThat(browser.findAll("#train-env-staging button.run-train")).isEmpty();
        browser.script("arguments[0].scrollIntoView()", browser.find("#environment-staging .train-heading"));
        browser.screenshot("environments-train-result");
        JsonNode staging = server.http()
                .get("/api/v1/applications/cart")
                .json()
                .path("environments")
                .path("staging");
        assertThat(staging.path("version").asInt()).isEqualTo(1);
        assertThat(staging.path("reason").asText()).isEqualTo("train");
        assertThat(server.http()
                        .get("/api/v1/applications/search")
                        .json()
                        .path("environments")
                        .has("staging"))
                .isFalse();
    }

    @Test
    void aTrainThatWouldTakeAnOlderVersionSaysItIsARollbackAndKeepsItsButtonInViewAtPhoneWidth() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        for (int index = 0; index < 40; index++) {
            platform.release("app-" + index, "dev", "staging");
        }
        WebSamples.deploy(server, "staging", "cart", 2, "Ops Person");
        WebSamples.deploy(server, "dev", "cart", 1, "Ops Person");
        for (int index = 0; index < 40; index++) {
            WebSamples.deploy(server, "staging", "app-" + index, 1, "Ops Person");
        }
        platform.release("app-0", "dev", "staging");
        try {
            browser.emulate(TestingBrowser.Viewport.PHONE_LIGHT);
            browser.open(server.baseUrl() + "/environments/staging/train");

            assertThat(browser.find(".train-group[data-group='deploy'] tr[data-app='cart']")
                            .getText())
                    .contains("v2 → v1", "rollback", "would roll back");
            assertThat(browser.find("tr[data-app='cart']").getAttribute("data-rollback"))
                    .isEqualTo("true");
            assertThat(browser.find(".train-total").getText())
                    .isEqualTo("Would deploy 2 (1 a rollback), queue 0, leave 39 as they are.");
            assertThat(browser.find(".train-group[data-group='already-there'] summary")
                            .getText())
                    .isEqualTo("Already there 39");
            assertThat(browser.find(".train-group[data-group='already-there']").getDomProperty("open"))
                    .isEqualTo("false");

            browser.script("document.querySelector('.train-group[data-group=\"already-there\"]').open = true");
            browser.script("window.scrollTo(0, document.body.scrollHeight)");
            Object visible =
                    browser.script("const r = document.querySelector('button.run-train').getBoundingClientRect();"
                            + " return r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;");
            assertThat(visible)
                    .as("the Run button stays in view at the end of a long prognosis")
                    .isEqualTo(true);
            browser.screenshot("train-phone-scrolled");

            browser.open(server.baseUrl() + "/environments");
            assertThat(browser.script("return document.documentElement.scrollWidth"))
                    .as("the chain stacks at phone width")
                    .isEqualTo(390L);
            browser.screenshot("environments-phone");
        } finally {
            browser.resetViewport();
        }
    }

    @Test
    void theTrainPageWorksOnItsOwnAndExplainsARefusal() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        platform.release("cart", "dev", "staging");

        browser.open(server.baseUrl() + "/environments/staging/train");
        assertThat(browser.driver().getTitle()).isEqualTo("Release train into staging · Trebuchet");
        assertThat(browser.find("tr[data-app='cart']").getText()).contains("would deploy", "new: v1");
        browser.find("button.run-train").click();
        browser.await(
                "what the train did",
                driver -> "false".equals(browser.find(".train").getAttribute("data-prognosis")));
        assertThat(browser.find("tr[data-app='cart']").getText()).contains("deployed");

        browser.open(server.baseUrl() + "/environment-groups/nowhere/train");
        assertThat(browser.find(".train .message.error").getText()).isEqualTo("No environment is in group nowhere.");
        assertThat(browser.findAll("button.run-train")).isEmpty();
    }

    @Test
    void lockAGroupRunItsTrainAndRemoveTheLock() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        WebSamples.release(
                platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging", "prod-de", "prod-fr");
        WebSamples.deploy(server, "staging", "cart", 1, "Ops Person");
        browser.open(server.baseUrl() + "/environments");
        assertThat(browser.findAll("section[data-group='dev'] .group-controls"))
                .as("a group of one environment of the same name has no group controls")
                .isEmpty();

        browser.find("#group-production .group-controls form.lock-form input[name='message']")
                .sendKeys("Black Friday");
        browser.find("#group-production .group-controls form.lock-form button").click();

        browser.await(
                "the outcome on the group",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#group-production > .message.done")));
        assertThat(browser.find("#group-production > .message.done").getText())
                .contains("Locked group production", "on prod-de, prod-fr");
        assertThat(browser.find("#group-production ul.group-locks li").getText())
                .contains("“Black Friday”", "on prod-de prod-fr");
        assertThat(browser.attributes("#environment-prod-fr li.lock", "data-kind"))
                .containsExactly("environment");
        assertThat(browser.find("#environment-prod-fr li.lock").getText()).contains("group production");

        browser.find("#group-production .group-controls form.train-form button").click();
        browser.await(
                "the group prognosis",
                driver -> browser.attributes("#train-group-production .train-skipped", "data-cause")
                        .equals(List.of("ENVIRONMENT_LOCKED", "ENVIRONMENT_LOCKED")));
        assertThat(browser.attributes("#train-group-production .train-environment", "data-env"))
                .containsExactly("prod-de", "prod-fr");

        browser.find("#group-production ul.group-locks button.unlock").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        browser.await(
                "the lock to go",
                driver -> browser.findAll("#group-production ul.group-locks").isEmpty()
                        && !browser.findAll("#group-production > .message.done").isEmpty());
        assertThat(browser.find("#group-production > .message.done").getText())
                .startsWith("Removed lock 'ui-")
                .contains("from prod-de, prod-fr");
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .isZero();
    }

    @Test
    void removeALockFromAnEnvironmentCardAfterConfirming() {
        new TestingPlatform(server.http()).threeStages();
        assertThat(server.http()
                        .putJson("/api/v1/locks/environment/dev/maintenance", "{\"message\":\"maintenance\"}")
                        .status())
                .isEqualTo(201);
        browser.open(server.baseUrl() + "/environments");

        browser.find("#environment-dev li.lock button.unlock").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .isEqualTo(1);

        browser.find("#environment-dev li.lock button.unlock").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        WebElement outcome = browser.await(
                "the outcome on the dev card",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#environment-dev .message.done")));
        assertThat(outcome.getText())
                .isEqualTo(
                        "Removed environment lock 'maintenance' from dev. Queued versions are not deployed by themselves.");
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .isZero();
    }

    @Test
    void showsFreezeWindowsWhetherOneHoldsNowAndScheduledTrains() {
        new TestingPlatform(server.http())
                .environment("dev", "{\"upstream\":{\"latest\":true}}")
                .environment("prod", """
                        {"upstream": {"environment": "dev"},
                         "freezeWindows": [{"kind": "deny", "schedule": "0 9 * * *", "duration": "2h"},
                                           {"kind": "deny", "schedule": "0 17 * * 5", "duration": "63h",
                                            "timeZone": "Europe/Berlin"}],
                         "releaseTrains": [{"schedule": "0 12 * * 1-5", "timeZone": "UTC", "team": "payments"}]}
                        """);

        browser.open(server.baseUrl() + "/environments");

        assertThat(browser.texts("#environment-prod ul.freeze-windows li"))
                .containsExactly("deny 0 9 * * * for 2h (UTC)", "deny 0 17 * * 5 for 63h (Europe/Berlin)");
        assertThat(browser.find("#environment-prod .frozen").getText())
                .isEqualTo("Frozen now: prod is in a deploy freeze until 2026-11-02 11:00:00 UTC (in 1 hour): deny"
                        + " window 0 9 * * * for 2h, UTC.");
        assertThat(browser.findAll("#environment-prod .card-title .note-freeze"))
                .hasSize(1);
        assertThat(browser.texts("#environment-prod ul.train-schedules li"))
                .containsExactly(
                        "Scheduled: 0 12 * * 1-5 (UTC) · team payments · next in 2 hours, at 2026-11-02 12:00:00 UTC");
        assertThat(browser.findAll("#environment-dev .frozen")).isEmpty();
        assertThat(browser.findAll("#environment-dev .not-frozen")).isEmpty();
    }

    @Test
    void lockAndTrainFormsWithoutTheTokenAreRefused() {
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        platform.release("cart", "dev", "staging");
        browser.open(server.baseUrl() + "/environments");

        for (String path : List.of(
                "/environments/staging/lock",
                "/environment-groups/production/lock",
                "/environments/staging/train",
                "/environment-groups/production/train")) {
            Object status = browser.asyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                            + " 'application/x-www-form-urlencoded'}, body: 'message=sneaky'})"
                            + ".then(response => done(response.status));",
                    path);
            assertThat(status).as(path).isEqualTo(403L);
        }
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .isZero();
        assertThat(server.http()
                        .get("/api/v1/events?kind=RELEASE_TRAIN")
                        .json()
                        .path("events")
                        .size())
                .isZero();
    }
}
