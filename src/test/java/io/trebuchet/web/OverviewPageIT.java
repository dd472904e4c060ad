package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The overview in a real browser. The pages call the same services whose store behaviour the API tests check on both
 * backends, so the browser tests run on the embedded store only.
 */
@ExtendWith(TestingDatabases.class)
class OverviewPageIT {
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
        server = TestingServer.start(Backend.H2, databases);
        platform = new TestingPlatform(server.http()).threeStages();
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void showsEnvironmentsInUpstreamOrderAndWhatRunsWhere() {
        WebSamples.platform(platform, server);

        browser.open(server.baseUrl() + "/");

        assertThat(browser.findAll("thead th.env"))
                .extracting(WebElement::getText)
                .containsExactly("dev", "staging", "prod-de", "prod-fr");
        assertThat(browser.findAll("thead th.env-group"))
                .extracting(header -> header.getDomProperty("textContent"))
                .containsExactly("", "", "production");
        WebElement cart = browser.find("tr[data-app='cart'] td[data-env='staging']");
        assertThat(cart.getAttribute("data-version")).isEqualTo("2");
        assertThat(cart.getText()).contains("v2", "1.1.0", "Jane Doe", "manual", "hours ago");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='prod-fr']").getText())
                .isEqualTo("—");
        browser.screenshot("overview");
    }

    @Test
    void filtersByTeamInTheUrlAndGroupsByTeam() {
        WebSamples.platform(platform, server);
        browser.open(server.baseUrl() + "/");
        assertThat(applications()).containsExactly("auth", "cart", "checkout", "recommendations", "search");

        new Select(browser.find("#filter-team")).selectByValue("payments");

        browser.await("the payments rows", driver -> applications().equals(List.of("cart", "checkout")));
        browser.await(
                "the URL to keep the filter", driver -> driver.getCurrentUrl().contains("team=payments"));

        browser.open(browser.driver().getCurrentUrl());
        assertThat(applications()).containsExactly("cart", "checkout");
        assertThat(new Select(browser.find("#filter-team"))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("payments");

        new Select(browser.find("#filter-team")).selectByValue("");
        browser.find("#filter-group").click();
        browser.await(
                "rows grouped by team",
                driver -> browser.texts("tr.group-heading").equals(List.of("discovery", "identity", "payments")));
        assertThat(applications()).containsExactly("recommendations", "search", "auth", "cart", "checkout");
        assertThat(browser.driver().getCurrentUrl()).contains("group=team");
    }

    @Test
    void filtersByName() {
        WebSamples.platform(platform, server);
        browser.open(server.baseUrl() + "/");

        browser.find("#filter-name").sendKeys("CH");

        browser.await("rows whose name contains ch", driver -> applications().equals(List.of("checkout", "search")));
        assertThat(browser.driver().getCurrentUrl()).contains("name=CH");
    }

    @Test
    void manyApplicationsArePaged() {
        for (int i = 0; i < OverviewRows.PAGE_SIZE + 5; i++) {
            platform.release("app-%03d".formatted(i), "dev");
        }
        browser.open(server.baseUrl() + "/");
        assertThat(browser.findAll("tbody tr[data-app]")).hasSize(OverviewRows.PAGE_SIZE);
        assertThat(browser.find(".summary").getText()).isEqualTo("Applications 1–100 of 105");

        browser.find(".pager a[rel='next']").click();

        browser.await("the second page", driver -> applications().size() == 5);
        assertThat(applications()).first().isEqualTo("app-100");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/?page=2");
    }

    @Test
    void warnsWhereAnEnvironmentRunsANewerVersionThanItsUpstream() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        server.http().postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":2}");
        server.http().postJson("/api/v1/environments/dev/applications/cart/deploy", "{\"version\":1}");

        browser.open(server.baseUrl() + "/");

        WebElement warning = browser.find("tr[data-app='cart'] td[data-env='staging'] .note-warning");
        assertThat(warning.getAttribute("aria-label"))
                .isEqualTo("Runs version 2 here, newer than version 1 in its upstream environment dev.");
        assertThat(browser.findAll("tr[data-app='cart'] td[data-env='dev'] .note"))
                .isEmpty();
    }

    private static List<String> applications() {
        return browser.attributes("tbody tr[data-app]", "data-app");
    }
}
