package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The application page in a real browser: releases, manifests, deploy and remove, and the protection of its forms. */
@ExtendWith(TestingDatabases.class)
class ApplicationPageIT {
    private static TestingBrowser browser;

    private TestingServer server;
    private TestingPlatform platform;

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
        platform = new TestingPlatform(server.http()).threeStages();
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachEnvironmentIsOneLineOfActionsAtDesktopWidthWithTheDisplayVersionFirst() {
        WebSamples.platform(platform, server);
        WebSamples.promotionControl(platform, server);
        try {
            browser.emulate(TestingBrowser.Viewport.DESKTOP_LIGHT);
            browser.open(server.baseUrl() + "/applications/cart");

            assertThat(browser.find("#environment-staging td.running").getText())
                    .as("the display version first, as the overview shows it")
                    .startsWith("1.1.0 v2");
            assertThat(browser.script("""
                            const wrapped = [];
                            for (const row of document.querySelectorAll('table.environments tbody tr')) {
                              const tops = [...row.querySelectorAll('div.actions > *')]
                                  .filter(item => item.getClientRects().length > 0)
                                  .map(item => Math.round(item.getBoundingClientRect().top + item.offsetHeight / 2));
                              if (Math.max(...tops) - Math.min(...tops) > 4) {
                                wrapped.push(row.dataset.env + ' actions');
                              }
                              for (const line of row.querySelectorAll('td.running > .meta, th .subtle')) {
                                if (line.getClientRects().length > 1) {
                                  wrapped.push(row.dataset.env + ' ' + line.textContent);
                                }
                              }
                            }
                            return wrapped;
                            """))
                    .as("buttons on one line; who and when, and the upstream, each on one line")
                    .isEqualTo(List.of());
            List<?> widths =
                    (List<?>) browser.script("const frame = document.querySelector('#application .table-scroll');"
                            + " return [frame.scrollWidth, frame.clientWidth];");
            assertThat((Long) widths.get(0))
                    .as("and the table still fits its frame")
                    .isLessThanOrEqualTo((Long) widths.get(1));
        } finally {
            browser.resetViewport();
        }
    }

    @Test
    void engineerOpensAnApplicationDeploysAVersionAndSeesItInTheOverview() {
        WebSamples.platform(platform, server);
        browser.open(server.baseUrl() + "/");
        browser.find("tr[data-app='cart'] th.app a").click();
        browser.await("the application page", ExpectedConditions.urlToBe(server.baseUrl() + "/applications/cart"));
        browser.waitForHtmx();
        assertThat(browser.find("#release").getAttribute("data-version")).isEqualTo("2");
        assertThat(browser.attributes("table.releases tbody tr", "data-version"))
                .containsExactly("2", "1");
        assertThat(browser.find("table.releases tr[data-version='2']").getText())
                .contains("v2", "1.1.0", "01234567", "Dev Eloper", "Remember the cart for a week", "dev", "staging");

        WebElement promote = browser.find("#environment-prod-de form.deploy button.primary");
        assertThat(promote.getText()).isEqualTo("Promote v2 from staging");
        promote.click();

        WebElement outcome = browser.await(
                "the outcome next to prod-de",
                ExpectedConditions.visibilityOfElementLocated(
                        org.openqa.selenium.By.cssSelector("tr.outcome[data-env='prod-de'] .message.done")));
        assertThat(outcome.getText()).isEqualTo("Deployed v2 to prod-de (it ran v1).");
        assertThat(browser.find("#environment-prod-de td.running").getText())
                .contains("v2", "just now", "by hand")
                .doesNotContain("manual");
        assertThat(browser.find("#environment-prod-de form.deploy button").isEnabled())
                .isFalse();
        assertThat(browser.find("#deploy-refusal-prod-de").getText()).isEqualTo("prod-de runs v2 already.");
        assertThat(browser.find("table.history tbody tr").getText())
                .contains("prod-de", "v1 → v2", "by hand")
                .doesNotContain("manual");
        browser.screenshot("application");

        browser.find("header nav a[href='/']").click();
        browser.await(
                "the overview with v2 in prod-de",
                driver -> browser.attributes("tr[data-app='cart'] td[data-env='prod-de']", "data-version")
                        .equals(java.util.List.of("2")));
    }

    @Test
    void deployButtonForAnEnvironmentWithoutAManifestIsDisabledAndSaysWhy() {
        platform.release("cart", "dev", "staging");

        browser.open(server.baseUrl() + "/applications/cart");

        WebElement button = browser.find("#environment-prod-de form.deploy button");
        assertThat(button.isEnabled()).isFalse();
        assertThat(button.getText()).isEqualTo("Deploy v1");
        assertThat(button.getAttribute("aria-describedby")).isEqualTo("deploy-refusal-prod-de");
        assertThat(browser.find("#deploy-refusal-prod-de").getText())
                .isEqualTo("Release v1 has no manifest for prod-de.");
        assertThat(browser.find("#environment-staging form.deploy button").getText())
                .as("staging's upstream runs v1")
                .isEqualTo("Promote v1 from dev");
        assertThat(browser.find("#environment-staging form.deploy button").isEnabled())
                .isTrue();
        assertThat(browser.findAll("#environment-prod-de form.pick"))
                .as("no other version to pick")
                .isEmpty();
        assertThat(browser.attributes("#release details.manifest", "data-envs")).containsExactly("dev", "staging");
    }

    @Test
    void engineerRemovesAnApplicationFromAnEnvironment() {
        platform.release("cart", "dev", "staging");
        browser.open(server.baseUrl() + "/applications/cart");

        browser.find("#environment-dev details.more summary").click();
        browser.find("#environment-dev button.remove-button").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        WebElement outcome = browser.await(
                "the outcome next to dev",
                ExpectedConditions.visibilityOfElementLocated(
                        org.openqa.selenium.By.cssSelector("tr.outcome[data-env='dev'] .message.done")));
        assertThat(outcome.getText()).isEqualTo("Removed cart from dev (it ran v1).");
        assertThat(browser.find("#environment-dev td.running").getText()).isEqualTo("not deployed");
        assertThat(browser.find("#remove-refusal-dev").getAttribute("textContent"))
                .as("in the closed More… menu")
                .isEqualTo("Not deployed in dev.");
        assertThat(server.http()
                        .get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("dev"))
                .isFalse();

        browser.open(server.baseUrl() + "/");
        assertThat(browser.attributes("tr[data-app='cart'] td[data-env='dev']", "class"))
                .containsExactly("cell vacant");
    }

    @Test
    void aRefusedActionSaysWhyInPlainWordsNextToIt() {
        platform.release("cart", "dev");
        browser.open(server.baseUrl() + "/applications/cart");
        assertThat(server.http()
                        .delete("/api/v1/environments/dev/applications/cart")
                        .status())
                .isEqualTo(200);

        browser.find("#environment-dev details.more summary").click();
        browser.find("#environment-dev button.remove-button").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        WebElement outcome = browser.await(
                "the refusal next to dev",
                ExpectedConditions.visibilityOfElementLocated(
                        org.openqa.selenium.By.cssSelector("tr.outcome[data-env='dev'] .message.error")));
        assertThat(outcome.getText())
                .as("a sentence, with what to do")
                .isEqualTo("cart does not run in dev (any more): reload to see what runs where.");
        browser.await("focus on the refusal", driver -> "action-result".equals(focusedId()));
        assertThat(browser.find("#environment-dev td.running").getText()).isEqualTo("not deployed");
    }

    @Test
    void aRefusalAboutAnEnvironmentThatIsGoneIsShownAtTheTop() {
        platform.environment("qa", "{\"upstream\":{\"environment\":\"dev\"}}");
        platform.release("cart", "dev", "qa");
        browser.open(server.baseUrl() + "/applications/cart");
        assertThat(server.http().delete("/api/v1/environments/qa").status()).isEqualTo(204);

        browser.find("#environment-qa form.deploy button").click();

        WebElement notice = browser.await(
                "the refusal",
                ExpectedConditions.visibilityOfElementLocated(
                        org.openqa.selenium.By.cssSelector("#application > #action-result .message.error")));
        assertThat(notice.getText()).isEqualTo("Environment qa does not exist.");
        assertThat(browser.findAll("#environment-qa")).isEmpty();
    }

    @Test
    void deployThroughALockHappensOnlyAfterThePersonConfirms() {
        platform.release("cart", "dev", "staging");
        assertThat(server.http()
                        .postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}")
                        .status())
                .isEqualTo(200);
        platform.release("cart", "dev", "staging");
        assertThat(server.http()
                        .putJson("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing v1\"}")
                        .status())
                .isEqualTo(201);
        browser.open(server.baseUrl() + "/applications/cart");

        WebElement button = browser.find("#environment-staging form.deploy button.primary");
        assertThat(button.getText()).isEqualTo("Promote v2 from dev…");
        assertThat(button.isEnabled()).isTrue();
        assertThat(browser.find("#deploy-blocked-staging").getText())
                .isEqualTo("Automation is stopped here; you will be asked to confirm.");
        assertThat(browser.attributes("#environment-staging td.locks li.lock", "data-kind"))
                .containsExactly("environment");

        button.click();

        WebElement confirmation = browser.await(
                "the question",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='staging'] .confirmation")));
        browser.await("focus on the question", driver -> "action-result".equals(focusedId()));
        assertThat(confirmation.getText())
                .contains(
                        "Not deployed yet: automation is stopped in staging. Deploy v2 there anyway?",
                        "staging is locked: “QA is testing v1” (lock 'qa' by anonymous, just now).",
                        "Going through leaves every lock in place");
        assertThat(runningIn("staging")).as("nothing happened yet").isEqualTo(1);
        browser.screenshot("application-confirm-deploy");

        browser.find("tr.outcome[data-env='staging'] a.cancel").click();
        browser.await(
                "the question to go away",
                driver -> browser.findAll(".confirmation").isEmpty());
        assertThat(runningIn("staging")).isEqualTo(1);

        browser.find("#environment-staging form.deploy button.primary").click();
        browser.await(
                        "the question again",
                        ExpectedConditions.elementToBeClickable(By.cssSelector("button.confirm-deploy")))
                .click();

        WebElement outcome = browser.await(
                "the outcome next to staging",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='staging'] .message.done")));
        assertThat(outcome.getText())
                .isEqualTo("Deployed v2 to staging (it ran v1) through 1 lock or freeze, which stays in place.");
        assertThat(runningIn("staging")).isEqualTo(2);
        JsonNode event = server.http()
                .get("/api/v1/events?application=cart&kind=DEPLOYED&order=desc&limit=1")
                .json()
                .path("events")
                .get(0);
        assertThat(event.path("payload").path("ignoredBlockers").get(0).asText())
                .startsWith("ENVIRONMENT_LOCKED: environment lock 'qa' on staging");
        assertThat(browser.attributes("#environment-staging td.locks li.lock", "data-lock"))
                .as("the lock stays")
                .containsExactly("qa");
    }

    @Test
    void aFreezeWindowIsExplainedBeforeTheDeployGoesThrough() {
        platform.environment(
                "prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"freezeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 9 * * *\",\"duration\":\"2h\","
                        + "\"timeZone\":\"UTC\"}]}");
        platform.release("cart", "dev", "staging", "prod-de");
        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.find("#environment-prod-de td.running .note-freeze").getText())
                .isEqualTo("prod-de is in a deploy freeze until 2026-11-02 11:00:00 UTC (in 1 hour): deny window"
                        + " 0 9 * * * for 2h, UTC.");
        browser.find("#environment-prod-de form.deploy button.primary").click();

        WebElement confirmation = browser.await(
                "the question",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='prod-de'] .confirmation li")));
        assertThat(confirmation.getText()).startsWith("prod-de is in a deploy freeze until 2026-11-02 11:00:00 UTC");
        assertThat(server.http()
                        .get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("prod-de"))
                .isFalse();

        browser.find("button.confirm-deploy").click();
        browser.await(
                "the outcome next to prod-de",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='prod-de'] .message.done")));
        assertThat(runningIn("prod-de")).isEqualTo(1);
    }

    @Test
    void engineerLocksAndUnlocksTheApplicationInAnEnvironment() {
        platform.release("cart", "dev", "staging");
        browser.open(server.baseUrl() + "/applications/cart");

        browser.find("#environment-staging details.lock-menu summary").click();
        browser.find("#environment-staging form.lock-form input[name='message']")
                .sendKeys("Waiting for <QA>");
        browser.find("#environment-staging form.lock-form input[name='expiresIn']")
                .sendKeys("2h");
        browser.find("#environment-staging form.lock-form button").click();

        WebElement outcome = browser.await(
                "the outcome next to staging",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='staging'] .message.done")));
        assertThat(outcome.getText())
                .matches("Locked cart in staging \\(lock 'ui-[a-z2-9]{10}', expires 2026-11-02 12:00:00 UTC\\):"
                        + " automation leaves it there until someone unlocks it\\.");
        JsonNode lock = server.http()
                .get("/api/v1/locks?application=cart")
                .json()
                .path("locks")
                .get(0);
        assertThat(lock.path("kind").asText()).isEqualTo("application");
        assertThat(lock.path("message").asText()).isEqualTo("Waiting for <QA>");
        assertThat(browser.find("#environment-staging td.locks li.lock").getText())
                .contains("Application", "“Waiting for <QA>”", "anonymous", "active", "expires in 2 hours");

        browser.find("#environment-staging td.locks button.unlock").click();

        browser.await(
                "the unlock outcome",
                driver -> browser.texts("tr.outcome[data-env='staging'] .message.done").stream()
                        .anyMatch(text -> text.startsWith(
                                "Removed lock '" + lock.path("id").asText() + "'")));
        assertThat(browser.findAll("#environment-staging td.locks li.lock")).isEmpty();
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .isZero();
    }

    @Test
    void aRollbackShowsItsHoldWithWhoAndWhyAndThePersonReleasesIt() {
        platform.release("cart", "dev");
        platform.release("cart", "dev");
        assertThat(server.http()
                        .postJson("/api/v1/environments/dev/applications/cart/deploy", "{\"version\": 1}")
                        .status())
                .isEqualTo(200);
        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.find("#environment-dev td.running p.note-held").getText())
                .startsWith("Held at version 1: anonymous rolled back")
                .contains("(rolled back from version 2 to 1)", "until someone releases the hold");
        assertThat(browser.findAll("#environment-staging form.release-hold")).isEmpty();

        browser.find("#environment-dev form.release-hold button").click();

        browser.await(
                "the release-hold outcome",
                driver -> browser.texts("tr.outcome[data-env='dev'] .message.done").stream()
                        .anyMatch(
                                text -> text.startsWith(
                                        "Released the hold of cart at version 1 in dev: automation may change it there again.")));
        assertThat(browser.findAll("#environment-dev form.release-hold")).isEmpty();
        assertThat(server.http().get("/api/v1/holds").json().path("holds")).isEmpty();
        assertThat(server.http()
                        .get("/api/v1/events?kind=HOLD_RELEASED")
                        .json()
                        .path("events")
                        .get(0)
                        .path("payload")
                        .path("reason")
                        .asText())
                .isEqualTo("released by hand");
    }

    @Test
    void aRefusedLockNamesTheFieldAsTheFormDoesAndKeepsWhatWasTyped() {
        platform.release("cart", "dev");
        browser.open(server.baseUrl() + "/applications/cart");
        browser.find("#environment-dev details.lock-menu summary").click();
        browser.script("document.querySelector('#environment-dev form.lock-form input[name=message]')"
                + ".removeAttribute('required')");
        browser.find("#environment-dev form.lock-form input[name='expiresIn']").sendKeys("2h");

        browser.find("#environment-dev form.lock-form button").click();

        WebElement refusal = browser.await(
                "the refusal next to dev",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='dev'] .message.error")));
        assertThat(refusal.getText()).isEqualTo("Message is missing: a lock needs a message that says why.");
        browser.await("focus on the refusal", driver -> "action-result".equals(focusedId()));
        assertThat(browser.find("#environment-dev details.lock-menu").getAttribute("open"))
                .as("the form stays open")
                .isNotNull();
        assertThat(browser.find("#environment-dev form.lock-form input[name='expiresIn']")
                        .getAttribute("value"))
                .isEqualTo("2h");
        assertThat(browser.find("#environment-dev form.lock-form input[name='message']")
                        .getAttribute("aria-invalid"))
                .isEqualTo("true");

        browser.find("#environment-dev form.lock-form input[name='message']").sendKeys("Waiting for QA");
        WebElement expiry = browser.find("#environment-dev form.lock-form input[name='expiresIn']");
        expiry.clear();
        expiry.sendKeys("soon");
        browser.find("#environment-dev form.lock-form button").click();

        browser.await(
                "the second refusal",
                driver -> browser.texts("tr.outcome[data-env='dev'] .message.error").stream()
                        .anyMatch(text -> text.startsWith("Expires in must be a duration such as 30m")));
        assertThat(browser.find("#environment-dev form.lock-form input[name='message']")
                        .getAttribute("value"))
                .isEqualTo("Waiting for QA");
        assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                .as("nothing changed")
                .isZero();
    }

    @Test
    void deployAndLockDeploysThenKeepsTheVersionThere() {
        platform.release("cart", "dev", "staging");
        browser.open(server.baseUrl() + "/applications/cart");

        browser.find("#environment-staging details.and-lock summary").click();
        browser.find("#environment-staging details.and-lock input[name='lockMessage']")
                .sendKeys("Keep for the demo");
        browser.find("#environment-staging button.and-lock-button").click();

        WebElement outcome = browser.await(
                "the outcome next to staging",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='staging'] .message.done")));
        assertThat(outcome.getText()).startsWith("Deployed v1 to staging. Locked cart in staging (lock 'ui-");
        assertThat(runningIn("staging")).isEqualTo(1);
        JsonNode lock = server.http()
                .get("/api/v1/locks?environment=staging")
                .json()
                .path("locks")
                .get(0);
        assertThat(lock.path("application").asText()).isEqualTo("cart");
        assertThat(lock.path("message").asText()).isEqualTo("Keep for the demo");

        platform.release("cart", "dev", "staging");
        browser.open(server.baseUrl() + "/applications/cart");
        assertThat(browser.find("#environment-staging form.deploy button.primary")
                        .getText())
                .as("the new lock stops the next deploy until confirmed")
                .isEqualTo("Promote v2 from dev…");
    }

    @Test
    void deployButtonIsDisabledWhereThePolicyOfTheEnvironmentRefusesTheRelease() {
        platform.environment("dev", "{\"upstream\":{\"latest\":true}}");
        Multipart form = Multipart.form()
                .field("application", "api")
                .file("manifests[dev]", "dev.yaml", unpinned())
                .file("manifests[staging]", "staging.yaml", unpinned());
        assertThat(server.http().postMultipart("/api/release", form).status()).isEqualTo(201);
        platform.environment(
                "staging", "{\"upstream\":{\"environment\":\"dev\"},\"policies\":{\"pinned-image-tag\":\"error\"}}");

        browser.open(server.baseUrl() + "/applications/api");

        WebElement button = browser.find("#environment-staging form.deploy button.primary");
        assertThat(button.isEnabled()).isFalse();
        assertThat(button.getAttribute("aria-describedby")).isEqualTo("deploy-refusal-staging");
        assertThat(browser.find("#deploy-refusal-staging").getText())
                .startsWith("Release v1 breaks a policy that staging treats as an error: Deployment api container api:")
                .contains("latest", "pinned-image-tag");
        assertThat(browser.texts("ul.findings li"))
                .singleElement()
                .asString()
                .startsWith("Policy warn: Deployment api container api:")
                .endsWith("In dev.");
        assertThat(browser.findAll("#environment-dev td.running .note-policy"))
                .as("said once, below the environments")
                .isEmpty();
    }

    @Test
    void showsEachManifestWithItsChangesSinceThePreviousRelease() {
        release("cart", Map.of("dev", manifest(1), "staging", manifest(1)));
        release("cart", Map.of("dev", manifest(3), "staging", manifest(1), "prod-de", manifest(3)));

        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.find("details.manifest[data-envs~='dev'] .change").getText())
                .isEqualTo("changed since v1");
        assertThat(browser.texts("details.manifest[data-envs~='dev'] pre.diff .removed"))
                .containsExactly("-  replicas: 1");
        assertThat(browser.texts("details.manifest[data-envs~='dev'] pre.diff .added"))
                .containsExactly("+  replicas: 3");
        assertThat(browser.find("details.manifest[data-envs~='staging'] .change")
                        .getText())
                .isEqualTo("unchanged since v1");
        assertThat(browser.find("details.manifest[data-envs~='prod-de'] .change")
                        .getText())
                .isEqualTo("new in this release");

        browser.find("table.releases tr[data-version='1'] a").click();
        browser.await("release 1", driver -> "1".equals(browser.find("#release").getAttribute("data-version")));
        assertThat(browser.find("details.manifest[data-envs~='dev'] .change").getText())
                .isEqualTo("new in this release");
        assertThat(browser.find("#environment-dev form.deploy button").getText())
                .as("dev runs v2: going back to v1 is a rollback")
                .isEqualTo("Roll back to v1");
    }

    @Test
    void aDiffThatIsTheSameInSeveralEnvironmentsIsShownOnceNamingThemWithOneLinePerLine() {
        release("cart", Map.of("dev", manifest(1), "staging", manifest(1), "prod-de", manifest(1)));
        release("cart", Map.of("dev", manifest(3), "staging", manifest(3), "prod-de", manifest(5)));

        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.attributes("details.manifest", "data-envs")).containsExactly("dev staging", "prod-de");
        assertThat(browser.texts("details.manifest .env-name")).containsExactly("dev, staging", "prod-de");
        assertThat(browser.texts("details.manifest[data-envs~='staging'] pre.diff .added"))
                .containsExactly("+  replicas: 3");
        String diff =
                browser.find("details.manifest[data-envs~='staging'] pre.diff").getText();
        assertThat(diff.lines().toList())
                .as("one line per diff line, no blank lines between them")
                .hasSize(browser.findAll("details.manifest[data-envs~='staging'] pre.diff .line")
                        .size())
                .doesNotContain("");
    }

    @Test
    void theVersionPickerOffersOtherVersionsAndCallsAnOlderOneARollback() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        assertThat(server.http()
                        .postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":2}")
                        .status())
                .isEqualTo(200);
        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.find("#environment-staging form.deploy button.primary")
                        .getText())
                .isEqualTo("Promote v3 from dev");
        assertThat(browser.texts("#pick-staging option")).containsExactly("Roll back to v1");
        assertThat(browser.texts("#pick-dev option")).containsExactly("Roll back to v2", "Roll back to v1");

        browser.find("#environment-dev form.pick button").click();

        WebElement outcome = browser.await(
                "the outcome next to dev",
                ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("tr.outcome[data-env='dev'] .message.done")));
        assertThat(outcome.getText()).isEqualTo("Deployed v2 to dev (it ran v3).");
        assertThat(runningIn("dev")).isEqualTo(2);
    }

    @Test
    void valuesFromReleasesAreShownAsTextNeverAsMarkup() {
        String message = "<img src=x id=injected><script>document.title='owned'</script>";
        platform.release("cart", Map.of("source_message", message, "display_version", "<b>1</b>"), "dev");

        browser.open(server.baseUrl() + "/applications/cart");

        assertThat(browser.find("#release dd.commit-message").getText()).isEqualTo(message);
        assertThat(browser.find("#release h2 .display").getText()).isEqualTo("<b>1</b>");
        assertThat(browser.findAll("#injected")).isEmpty();
        assertThat(browser.findAll("main b")).isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("cart · Trebuchet");
    }

    @Test
    void formPostWithoutTheTokenIsRefused() throws Exception {
        platform.release("cart", "dev");
        browser.open(server.baseUrl() + "/applications/cart");

        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/applications/cart/environments/dev/remove', {method: 'POST',"
                + " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'release=1'})"
                + ".then(response => done(response.status));");
        assertThat(status).isEqualTo(403L);

        String token = "A".repeat(43);
        assertThat(post("/applications/cart/environments/dev/remove", "_csrf=" + token, Map.of()))
                .as("no cookie")
                .isEqualTo(403);
        assertThat(post(
                        "/applications/cart/environments/dev/remove",
                        "_csrf=" + token,
                        Map.of("Cookie", "trebuchet_csrf=" + "B".repeat(43))))
                .as("a token that is not the cookie's")
                .isEqualTo(403);
        assertThat(post(
                        "/applications/cart/environments/dev/remove",
                        "_csrf=" + token,
                        Map.of("Cookie", "trebuchet_csrf=" + token, "Sec-Fetch-Site", "cross-site")))
                .as("sent by another site")
                .isEqualTo(403);
        assertThat(server.http()
                        .get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("dev"))
                .as("nothing was removed")
                .isTrue();

        assertThat(post(
                        "/applications/cart/environments/dev/remove",
                        "_csrf=" + token,
                        Map.of("Cookie", "trebuchet_csrf=" + token, "Sec-Fetch-Site", "same-origin")))
                .as("the same form with the token")
                .isEqualTo(303);
        assertThat(server.http()
                        .get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .has("dev"))
                .isFalse();
    }

    private int post(String path, String form, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private void release(String application, Map<String, String> manifests) {
        Multipart form = Multipart.form().field("application", application);
        manifests.forEach(
                (environment, content) -> form.file("manifests[" + environment + "]", environment + ".yaml", content));
        Response response = server.http().postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private String focusedId() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

    private int runningIn(String environment) {
        return server.http()
                .get("/api/v1/applications/cart")
                .json()
                .path("environments")
                .path(environment)
                .path("version")
                .asInt();
    }

    private static String unpinned() {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsNonRoot: true
                      containers:
                        - name: api
                          image: registry.example.com/api:latest
                          ports:
                            - containerPort: 8080
                          resources:
                            requests: {cpu: 100m, memory: 128Mi}
                            limits: {cpu: "1", memory: 256Mi}
                          securityContext:
                            allowPrivilegeEscalation: false
                """;
    }

    private static String manifest(int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: cart
                spec:
                  replicas: %d
                """.formatted(replicas);
    }
}
