package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
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

/** The locks page in a real browser: every kind of lock in one table, filters in the URL, delete after confirming. */
@ExtendWith(TestingDatabases.class)
class LocksPageIT {
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
        TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
        WebSamples.release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging");
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listsEveryKindOfLockAndFiltersThemInTheUrl() {
        lock(
                "/api/v1/locks/environment/dev/qa",
                "{\"message\":\"QA is testing\",\"suggestedLifetime\":\"1h\"}",
                "Jane Doe");
        lock(
                "/api/v1/locks/application/staging/cart/pin",
                "{\"message\":\"keep v1\",\"expiresIn\":\"30m\"}",
                "Ops Person");
        lock("/api/v1/locks/team/staging/payments/freeze", "{\"message\":\"payments freeze\"}", "Ops Person");
        lock("/api/v1/locks/group/production/black-friday", "{\"message\":\"Black Friday\"}", "Jane Doe");
        server.clock().advance(Duration.ofHours(2));

        browser.open(server.baseUrl() + "/locks");

        assertThat(browser.attributes("table.locks-list tbody tr", "data-lock"))
                .containsExactly(
                        "environment/dev//qa",
                        "environment/prod-de//black-friday",
                        "environment/prod-fr//black-friday",
                        "application/staging/cart/pin",
                        "team/staging/payments/freeze");
        assertThat(browser.find(".summary").getText()).isEqualTo("5 locks, 4 active");
        assertThat(browser.find("tr[data-lock='environment/dev//qa']").getText())
                .contains(
                        "active",
                        "environment",
                        "dev",
                        "whole environment",
                        "qa",
                        "QA is testing",
                        "Jane Doe",
                        "2 hours ago",
                        "never",
                        "1h");
        assertThat(browser.findAll("tr[data-lock='environment/dev//qa'] td .note-warning"))
                .as("past its suggested lifetime")
                .hasSize(1);
        assertThat(browser.find("tr[data-lock='application/staging/cart/pin']").getText())
                .contains("expired 1 hour ago, no longer blocks", "cart", "keep v1", "Ops Person", "1 hour ago");
        assertThat(browser.find("tr[data-lock='environment/prod-fr//black-friday']")
                        .getText())
                .contains("group production");
        browser.screenshot("locks");

        new Select(browser.find("#filter-kind")).selectByValue("environment");
        browser.await(
                "environment locks only",
                driver -> browser.attributes("table.locks-list tbody tr", "data-kind")
                        .equals(List.of("environment", "environment", "environment")));
        new Select(browser.find("#filter-state")).selectByValue("active");
        new Select(browser.find("#filter-environment")).selectByValue("prod-fr");
        browser.await(
                "the one lock in prod-fr",
                driver -> browser.attributes("table.locks-list tbody tr", "data-lock")
                        .equals(List.of("environment/prod-fr//black-friday")));
        assertThat(browser.driver().getCurrentUrl())
                .endsWith("/locks?environment=prod-fr&kind=environment&state=active");

        browser.open(browser.driver().getCurrentUrl());
        assertThat(browser.attributes("table.locks-list tbody tr", "data-lock"))
                .containsExactly("environment/prod-fr//black-friday");
    }

    @Test
    void theApplicationFilterMatchesWhileTyping() {
        WebSamples.release(
                new TestingPlatform(server.http()), "checkout", "payments", "2.0.0", "Pay", "dev", "staging");
        lock("/api/v1/locks/application/staging/cart/pin", "{\"message\":\"keep v1\"}", "Ops Person");
        lock("/api/v1/locks/application/staging/checkout/pin", "{\"message\":\"keep v1\"}", "Ops Person");
        lock("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing\"}", "Jane Doe");
        browser.open(server.baseUrl() + "/locks");

        browser.find("#filter-application").sendKeys("C");
        browser.await(
                "the locks of applications whose name contains c",
                driver -> browser.attributes("table.locks-list tbody tr", "data-lock")
                        .equals(List.of("application/staging/cart/pin", "application/staging/checkout/pin")));

        browser.find("#filter-application").sendKeys("a");
        browser.await(
                "cart's lock alone",
                driver -> browser.attributes("table.locks-list tbody tr", "data-lock")
                        .equals(List.of("application/staging/cart/pin")));
        browser.await(
                "the URL to keep the filter", driver -> driver.getCurrentUrl().endsWith("/locks?application=Ca"));
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("filter-application");
        assertThat(browser.find("#filter-application").getAttribute("value")).isEqualTo("Ca");
    }

    @Test
    void theMessageOrAuthorFilterMatchesWhileTypingAndKeepsFocus() {
        lock("/api/v1/locks/application/staging/cart/pin", "{\"message\":\"keep v1\"}", "Ops Person");
        lock("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing\"}", "Jane Doe");
        lock("/api/v1/locks/environment/dev/demo", "{\"message\":\"Demo for the board\"}", "Jane Doe");
        browser.open(server.baseUrl() + "/locks");

        browser.find("#filter-text").sendKeys("JAN");
        browser.await(
                "Jane's locks",
                driver -> browser.attributes("table.locks-list tbody tr", "data-lock")
                        .equals(List.of("environment/dev//demo", "environment/staging//qa")));
        browser.find("#filter-text").sendKeys("e test");
        browser.await(
                "no lock: the author and the message are not one text",
                driver -> !browser.findAll("#locks-table .empty").isEmpty());
        assertThat(browser.find("#locks-table .empty").getText()).isEqualTo("No lock matches the filters.");

        browser.find("#filter-text").clear();
        browser.find("#filter-text").sendKeys("test");
        browser.await(
                "the lock whose message says testing",
                driver -> browser.attributes("table.locks-list tbody tr", "data-lock")
                        .equals(List.of("environment/staging//qa")));
        browser.await(
                "the URL to keep the filter", driver -> driver.getCurrentUrl().endsWith("/locks?text=test"));
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("filter-text");
        assertThat(browser.find("#filter-text").getAttribute("value")).isEqualTo("test");

        browser.open(browser.driver().getCurrentUrl());
        assertThat(browser.attributes("table.locks-list tbody tr", "data-lock"))
                .containsExactly("environment/staging//qa");
        assertThat(browser.find("#filter-text").getAttribute("value")).isEqualTo("test");
    }

    @Test
    void removeALockAfterConfirmingAndKeepTheFilters() {
        lock("/api/v1/locks/application/staging/cart/pin", "{\"message\":\"keep v1\"}", "Ops Person");
        lock("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing\"}", "Jane Doe");
        browser.open(server.baseUrl() + "/locks?environment=staging");

        browser.find("tr[data-lock='application/staging/cart/pin'] button").click();
        assertThat(browser.await("the confirmation", ExpectedConditions.alertIsPresent())
                        .getText())
                .isEqualTo("Delete the application lock 'pin' on staging (cart)? Automation may change it again right"
                        + " away.");
        browser.driver().switchTo().alert().dismiss();
        assertThat(locks()).isEqualTo(2);

        browser.find("tr[data-lock='application/staging/cart/pin'] button").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        WebElement done = browser.await(
                "the outcome",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#locks-table .message.done")));
        assertThat(done.getText())
                .isEqualTo("Deleted the application lock 'pin' on cart in staging. Automation may change it again;"
                        + " queued versions are not deployed by themselves.");
        assertThat(browser.attributes("table.locks-list tbody tr", "data-lock"))
                .containsExactly("environment/staging//qa");
        assertThat(locks()).isEqualTo(1);
        assertThat(server.http()
                        .get("/api/v1/events?kind=LOCK_DELETED")
                        .json()
                        .path("events")
                        .get(0)
                        .path("payload")
                        .path("id")
                        .asText())
                .isEqualTo("pin");
    }

    @Test
    void aLockDeletedMeanwhileIsExplainedNextToTheTable() {
        lock("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing\"}", "Jane Doe");
        browser.open(server.baseUrl() + "/locks");
        assertThat(server.http().delete("/api/v1/locks/environment/staging/qa").status())
                .isEqualTo(200);

        browser.find("tr[data-lock='environment/staging//qa'] button").click();
        browser.await("the confirmation", ExpectedConditions.alertIsPresent()).accept();

        WebElement refusal = browser.await(
                "the refusal",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#locks-table .message.error")));
        assertThat(refusal.getText()).isEqualTo("There is no environment lock qa in environment staging.");
        assertThat(browser.findAll("table.locks-list")).isEmpty();
    }

    @Test
    void aBadFilterIsRefusedInPlainWordsAndMessagesAreText() {
        lock(
                "/api/v1/locks/environment/dev/xss",
                "{\"message\":\"<img src=x id=injected><script>document.title='owned'</script>\"}",
                "Jane Doe");

        browser.open(server.baseUrl() + "/locks");
        assertThat(browser.find("tr[data-lock='environment/dev//xss'] td.commit-message")
                        .getText())
                .isEqualTo("<img src=x id=injected><script>document.title='owned'</script>");
        assertThat(browser.findAll("#injected")).isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("Locks · Trebuchet");

        browser.open(server.baseUrl() + "/locks?state=sleeping");
        assertThat(browser.find("#locks-table .message.error").getText())
                .isEqualTo("There is no lock state 'sleeping'; choose one of active, expired, dormant.");
        assertThat(browser.find("#filter-state").getAttribute("value")).isEmpty();
    }

    @Test
    void deleteWithoutTheTokenIsRefused() {
        lock("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA is testing\"}", "Jane Doe");
        browser.open(server.baseUrl() + "/locks");

        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/locks/delete', {method: 'POST', headers: {'Content-Type':"
                + " 'application/x-www-form-urlencoded'}, body: 'kind=environment&environment=staging&id=qa'})"
                + ".then(response => done(response.status));");

        assertThat(status).isEqualTo(403L);
        assertThat(locks()).isEqualTo(1);
    }

    private void lock(String path, String body, String author) {
        TestingHttp.Response response = server.http()
                .putJsonWithHeaders(
                        path,
                        body,
                        TestingHttp.author(
                                author,
                                author.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private int locks() {
        return server.http().get("/api/v1/locks").json().path("locks").size();
    }
}
