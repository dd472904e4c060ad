package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import java.util.Map;
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
        server = TestingServer.start(Backend.POSTGRESQL, databases);
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

        openOverview();

        assertThat(browser.findAll("thead th.env"))
                .extracting(WebElement::getText)
                .containsExactly("dev", "staging", "prod-de", "prod-fr");
        assertThat(browser.findAll("thead th.env-group"))
                .extracting(header -> header.getDomProperty("textContent"))
                .as("the group's name, and for a group of several environments the link that folds it")
                .containsExactly("", "", "production collapse");
        WebElement cart = browser.find("tr[data-app='cart'] td[data-env='staging']");
        assertThat(cart.getAttribute("data-version")).isEqualTo("2");
        assertThat(cart.getText()).as("one line: the display version first").isEqualTo("1.1.0 v2");
        assertThat(cart.getAttribute("title"))
                .as("who and when in the tooltip")
                .contains("Version 2 (1.1.0), deployed by hand by Jane Doe, ")
                .doesNotContain("(manual)");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='prod-fr']").getText())
                .isEqualTo("—");
    }

    @Test
    void theFirstScreensPointToTheNextRealStep(TestingDatabases databases) {
        openOverview();

        assertThat(browser.find("p.empty").getText())
                .startsWith("No application yet.")
                .contains("./trebuchet release --application APP");

        try (TestingServer empty = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingExport.awaitPushed(empty.http());
            browser.open(empty.baseUrl() + "/");
            assertThat(browser.find("p.empty").getText())
                    .startsWith("Nothing here yet.")
                    .contains("./trebuchet apply -f examples/three-stages", "examples/README.md");
            browser.open(empty.baseUrl() + "/environments");
            assertThat(browser.find("#environments p.empty").getText())
                    .startsWith("No environment yet.")
                    .contains("./trebuchet apply -f examples/three-stages");
        }
    }

    @Test
    void showsLocksQueuedVersionsFreezesAndWarningsAtAGlance() {
        WebSamples.platform(platform, server);
        WebSamples.promotionControl(platform, server);

        openOverview();

        assertThat(browser.find("tr[data-app='cart'] td[data-env='dev']").getAttribute("data-queued"))
                .isEqualTo("3");
        assertThat(browser.attributes("thead th.env[data-env='dev'] .note", "class"))
                .containsExactly("note note-lock");
        assertThat(browser.attributes("thead th.env[data-env='prod-fr'] .note", "class"))
                .containsExactly("note note-freeze");
        assertThat(browser.attributes("tr[data-app='search'] td[data-env='prod-de'] .note", "class"))
                .as("locked in prod-de, and behind staging")
                .containsExactly("note note-behind", "note note-lock");
        assertThat(browser.attributes("tr[data-app='auth'] td[data-env='prod-de'] .note", "aria-label"))
                .containsExactly(
                        "Ahead of staging, which runs version 1; no lock here explains it.",
                        "auth runs version 2 here, newer than 1 in upstream staging, and nothing is locked.");
        assertThat(browser.attributes("tr[data-app='recommendations'] td[data-env='dev'] .note-policy", "aria-label"))
                .singleElement()
                .asString()
                .startsWith("Policy warn: Deployment recommendations container model:")
                .contains("latest");
        browser.screenshot("overview");
    }

    @Test
    void filtersByTeamInTheUrlAndGroupsByTeam() {
        WebSamples.platform(platform, server);
        openOverview();
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
        new Select(browser.find("#filter-group")).selectByValue("team");
        browser.await(
                "rows grouped by team",
                driver -> browser.texts("tr.group-heading").equals(List.of("discovery", "identity", "payments")));
        assertThat(applications()).containsExactly("recommendations", "search", "auth", "cart", "checkout");
        assertThat(browser.driver().getCurrentUrl()).contains("group=team");
    }

    @Test
    void saysWhetherGitHasCaughtUp() {
        WebSamples.platform(platform, server);
        openOverview();

        assertThat(browser.find("#export-lag").getText()).isEqualTo("Git is up to date.");
        assertThat(browser.findAll(".note-git-pending")).isEmpty();
    }

    @Test
    void filtersByName() {

        WebSamples.platform(platform, server);
        openOverview();

        browser.find("#filter-name").sendKeys("CH");

        browser.await("rows whose name contains ch", driver -> applications().equals(List.of("checkout", "search")));
        assertThat(browser.driver().getCurrentUrl())
                .as("the address bar keeps the filters that are set, as the filter reads them")
                .endsWith("/?name=ch");
    }

    @Test
    void manyApplicationsArePaged() {
        for (int i = 0; i < OverviewRows.PAGE_SIZE + 5; i++) {
            platform.release("app-%03d".formatted(i), "dev");
        }
        openOverview();
        assertThat(browser.findAll("tbody tr[data-app]")).hasSize(OverviewRows.PAGE_SIZE);
        assertThat(browser.find(".summary").getText()).isEqualTo("Applications 1–100 of 105");

        browser.find(".pager a[rel='next']").click();

        browser.await("the second page", driver -> applications().size() == 5);
        assertThat(applications()).first().isEqualTo("app-100");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/?page=2");

        // Each page is one click away; the current one is marked for screen readers too.
        assertThat(browser.texts(".pager .pages a")).containsExactly("1", "2");
        assertThat(browser.find(".pager .pages a[aria-current='page']").getText())
                .isEqualTo("2");
        browser.find(".pager .pages a[aria-label='Page 1']").click();
        browser.await("the first page", driver -> applications().size() == OverviewRows.PAGE_SIZE);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/");
    }

    @Test
    void anEnvironmentGroupCollapsesIntoOneColumnAndBack() {
        WebSamples.platform(platform, server);
        openOverview();
        assertThat(browser.texts("thead th.env")).containsExactly("dev", "staging", "prod-de", "prod-fr");

        browser.find("a[aria-label='Collapse production into one column']").click();

        browser.await(
                "production as one column",
                driver -> browser.texts("thead th.env").equals(List.of("dev", "staging", "2 environments")));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/?collapse=production");
        // checkout runs version 1 in both production clusters; cart only in prod-de.
        assertThat(browser.find("tr[data-app='checkout'] td[data-env='production']")
                        .getAttribute("data-version"))
                .isEqualTo("1");
        WebElement cart = browser.find("tr[data-app='cart'] td[data-env='production']");
        assertThat(cart.getText()).startsWith("differs");
        assertThat(cart.getAttribute("title")).contains("prod-de runs version 1, prod-fr runs nothing");

        browser.open(browser.driver().getCurrentUrl());
        browser.find("a[aria-label='Show each environment of production']").click();
        browser.await(
                "each environment again",
                driver -> browser.texts("thead th.env").equals(List.of("dev", "staging", "prod-de", "prod-fr")));
    }

    @Test
    void sortsByWhatNeedsAttentionOrWhatChangedLast() {
        WebSamples.platform(platform, server);
        openOverview();
        List<String> byName = applications();
        assertThat(byName).isSorted();

        new Select(browser.find("#filter-sort")).selectByValue("recent");
        browser.await(
                "the URL to keep the order", driver -> driver.getCurrentUrl().contains("sort=recent"));
        // The samples deploy cart and search last (at the same minute, so by name), then auth, checkout, and
        // recommendations only when it was released.
        browser.await(
                "the applications deployed last first",
                driver -> applications().equals(List.of("cart", "search", "auth", "checkout", "recommendations")));

        new Select(browser.find("#filter-sort")).selectByValue("attention");
        browser.await(
                "the URL to keep the order", driver -> driver.getCurrentUrl().contains("sort=attention"));
        browser.open(browser.driver().getCurrentUrl());
        assertThat(new Select(browser.find("#filter-sort"))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("needs attention first");
        assertThat(applications()).containsExactlyInAnyOrderElementsOf(byName);
    }

    @Test
    void warnsWhereAnEnvironmentRunsANewerVersionThanItsUpstream() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");
        server.http().postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":2}");
        server.http().postJson("/api/v1/environments/dev/applications/cart/deploy", "{\"version\":1}");

        openOverview();

        WebElement warning = browser.find("tr[data-app='cart'] td[data-env='staging'] .note-warning");
        assertThat(warning.getAttribute("aria-label"))
                .isEqualTo("cart runs version 2 here, newer than 1 in upstream dev, and nothing is locked.");
        // Deploying 1 over 2 in dev was a person's rollback: dev is held there, and says so; nothing else.
        assertThat(browser.findAll("tr[data-app='cart'] td[data-env='dev'] .note:not(.note-held)"))
                .isEmpty();
        assertThat(browser.find("tr[data-app='cart'] td[data-env='dev'] .note-held")
                        .getAttribute("aria-label"))
                .startsWith("Held at version 1: anonymous rolled back just now (rolled back from version 2 to 1).");

        lock("/api/v1/locks/application/staging/cart/hotfix", "{\"message\":\"hotfix ahead of dev\"}");
        openOverview();
        assertThat(browser.findAll("tr[data-app='cart'] td[data-env='staging'] .note-warning"))
                .as("a lock explains the order: the overview does not warn")
                .isEmpty();
        assertThat(browser.find("tr[data-app='cart'] td[data-env='staging'] .note-ahead")
                        .getAttribute("aria-label"))
                .as("the mark stays")
                .isEqualTo("Ahead of dev, which runs version 1; a lock here explains it.");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='staging'] .note-lock")
                        .getAttribute("aria-label"))
                .startsWith(
                        "Application lock 'hotfix' on cart in staging by anonymous, just now: “hotfix ahead of dev”.");
    }

    @Test
    void aReleaseIntoALockedEnvironmentShowsAsAQueuedVersion() {
        platform.release("cart", "dev", "staging");
        lock("/api/v1/locks/environment/dev/qa", "{\"message\":\"QA is testing\",\"expiresIn\":\"4h\"}");
        lock(
                "/api/v1/locks/team/staging/payments/freeze",
                "{\"message\":\"payments freeze\",\"schedule\":{\"schedule\":\"0 22 * * *\",\"duration\":\"2h\"}}");
        platform.release("cart", Map.of("team", "payments"), "dev", "staging");

        openOverview();

        WebElement dev = browser.find("tr[data-app='cart'] td[data-env='dev']");
        assertThat(dev.getAttribute("data-version")).isEqualTo("1");
        assertThat(dev.getAttribute("data-queued")).isEqualTo("2");
        assertThat(dev.getAttribute("class")).isEqualTo("cell deployed queued stopped");
        assertThat(browser.find("thead th.env[data-env='dev']").getAttribute("class"))
                .as("the locked environment's column is tinted")
                .isEqualTo("env stopped");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='dev'] a.queued")
                        .getText())
                .isEqualTo("v2 queued");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='dev'] a.queued")
                        .getAttribute("title"))
                .startsWith("Version 2 waits here: anonymous queued it just now as a new release. What stops it:"
                        + " Environment lock 'qa' on dev: QA is testing.")
                .doesNotContain("ENVIRONMENT_LOCKED", "(auto)");
        assertThat(browser.findAll("tbody td[data-env='dev'] .note-lock"))
                .as("the environment lock shows once, in the column header, not in every cell")
                .isEmpty();
        assertThat(browser.attributes("thead th.env[data-env='dev'] .note", "aria-label"))
                .containsExactly(
                        "Environment lock 'qa' on dev by anonymous, just now: “QA is testing”. Active; expires in 4 hours.");
        assertThat(browser.attributes("thead th.env[data-env='staging'] .note", "class"))
                .as("a scheduled team lock outside its window is dormant")
                .containsExactly("note note-lock-inactive");
        assertThat(browser.findAll("tr[data-app='cart'] td[data-env='staging'] .note"))
                .as("a dormant lock stops nothing: it shows in the column header, not in the cells it covers")
                .isEmpty();
        assertThat(browser.find("tr[data-app='cart'] td[data-env='staging']").getAttribute("data-queued"))
                .isNull();

        browser.find("tr[data-app='cart'] td[data-env='dev'] a.queued").click();
        browser.await(
                "the queued release",
                driver -> "2".equals(browser.find("#release").getAttribute("data-version")));
        assertThat(browser.find("#environment-dev td.running .queued-text").getText())
                .startsWith("v2 queued");
    }

    @Test
    void filtersByStateWithCountsAndByBeingOutOfSync() {
        WebSamples.platform(platform, server);
        WebSamples.promotionControl(platform, server);
        openOverview();
        List<String> behind = browser.attributes("tbody tr[data-app]:has(.note-behind)", "data-app");
        assertThat(behind).isNotEmpty();
        assertThat(browser.find("#state-counts [data-state='behind']").getText())
                .isEqualTo(behind.size() + " behind upstream");
        assertThat(browser.find("#state-counts [data-state='queued']").getText())
                .isEqualTo("1 queued");

        new Select(browser.find("#filter-state")).selectByValue("behind");

        browser.await("only the rows behind upstream", driver -> applications().equals(behind));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/?state=behind");

        new Select(browser.find("#filter-state")).selectByValue("queued");
        browser.await(
                "only the row with a queued version", driver -> applications().equals(List.of("cart")));

        new Select(browser.find("#filter-state")).selectByValue("");
        browser.find("#filter-sync").click();
        browser.await(
                "only the rows out of sync",
                driver -> driver.getCurrentUrl().endsWith("/?sync=out")
                        && applications().containsAll(behind)
                        && applications().contains("cart"));
        assertThat(applications())
                .hasSize(count(
                        browser.find("#state-counts [data-state='out-of-sync']").getText()));
    }

    @Test
    void theStateFilterSaysHowManyApplicationsEachChoiceLeaves() {
        WebSamples.platform(platform, server);
        WebSamples.promotionControl(platform, server);
        openOverview();
        int behind = browser.findAll("tbody tr[data-app]:has(.note-behind)").size();
        assertThat(stateOptions())
                .containsExactly(
                        "every state",
                        "queued (1)",
                        "locked ("
                                + count(browser.find("#state-counts [data-state='locked']")
                                        .getText()) + ")",
                        "with warnings ("
                                + count(browser.find("#state-counts [data-state='warnings']")
                                        .getText()) + ")",
                        "behind upstream (" + behind + ")");
        assertThat(browser.find("#filter-sync-count").getText())
                .isEqualTo("("
                        + count(browser.find("#state-counts [data-state='out-of-sync']")
                                .getText()) + ")");

        browser.find("#filter-name").sendKeys("search");

        browser.await("the search row alone", driver -> applications().equals(List.of("search")));
        browser.await(
                "the options to count the search row alone",
                driver ->
                        stateOptions().contains("queued (0)") && stateOptions().contains("behind upstream (1)"));
        assertThat(browser.find("#filter-sync-count").getText()).isEqualTo("(1)");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                .as("typing goes on in the name field")
                .isEqualTo("filter-name");

        new Select(browser.find("#filter-state")).selectByValue("behind");
        browser.await("the state in the URL", driver -> driver.getCurrentUrl().contains("state=behind"));
        browser.waitForHtmx();
        assertThat(new Select(browser.find("#filter-state"))
                        .getFirstSelectedOption()
                        .getText())
                .as("the choice stays selected when the counts update")
                .isEqualTo("behind upstream (1)");
    }

    private static List<String> stateOptions() {
        return browser.texts("#filter-state option");
    }

    @Test
    void updatesItselfWhenSomethingChangesKeepingFocusAndScroll() {
        WebSamples.platform(platform, server);
        openOverview();
        browser.emulate(TestingBrowser.Viewport.PHONE_LIGHT);
        try {
            browser.open(server.baseUrl() + "/?team=payments");
            browser.script("document.querySelector(\"tr[data-app='checkout'] th a\").focus();"
                    + "document.querySelector('#overview-table .scroll').scrollLeft = 120;"
                    + "document.getElementById('overview-table').dataset.marker = 'before';");
            long scrolled =
                    (Long) browser.script("return document.querySelector('#overview-table .scroll').scrollLeft");
            assertThat(scrolled)
                    .as("the table scrolls sideways inside itself on a phone")
                    .isPositive();

            refresh();
            browser.waitForHtmx();
            assertThat(browser.script("return document.getElementById('overview-table').dataset.marker"))
                    .as("nothing changed: the server answers 204 and the table stays as it is")
                    .isEqualTo("before");

            WebSamples.deploy(server, "prod-de", "cart", 2, "Jane Doe");
            refresh();

            browser.await(
                    "the new deployment in the table",
                    driver -> "2"
                            .equals(browser.find("tr[data-app='cart'] td[data-env='prod-de']")
                                    .getAttribute("data-version")));
            browser.waitForHtmx();
            assertThat(browser.script("return document.getElementById('overview-table').dataset.marker"))
                    .isNull();
            assertThat(browser.script("return document.activeElement.closest('tr').dataset.app"))
                    .as("focus stays on the link the reader was on")
                    .isEqualTo("checkout");
            assertThat(browser.script("return document.querySelector('#overview-table .scroll').scrollLeft"))
                    .isEqualTo(scrolled);
            assertThat(browser.findAll("#export-status")).hasSize(1);
            assertThat(applications()).containsExactly("cart", "checkout");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/?team=payments");
        } finally {
            browser.resetViewport();
        }
    }

    /** Makes the overview poll now rather than in ten seconds. */
    private static void refresh() {
        browser.script("htmx.trigger('#overview-live', 'trebuchet:refresh')");
    }

    @Test
    void showsAnActiveFreezeInTheColumnHeader() {
        platform.environment(
                "prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"freezeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 9 * * *\",\"duration\":\"2h\"}]}");
        platform.release("cart", "dev");

        openOverview();

        assertThat(browser.attributes("thead th.env[data-env='prod-de'] .note-freeze", "aria-label"))
                .containsExactly("prod-de is in a deploy freeze until 2026-11-02 11:00:00 UTC (in 1 hour):"
                        + " deny window 0 9 * * * for 2h, UTC.");
        assertThat(browser.findAll("thead th.env[data-env='prod-fr'] .note")).isEmpty();
    }

    /** The number a count such as "3 out of sync" starts with. */
    private static int count(String text) {
        return Integer.parseInt(text.substring(0, text.indexOf(' ')));
    }

    @Test
    void fiveEnvironmentsAndLongNamesFitADesktopWithoutScrollingTheTable() {
        platform.environment(
                "prod-us", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        String[] everywhere = {"dev", "staging", "prod-de", "prod-fr", "prod-us"};
        List<String> names = List.of(
                "customer-notifications-service",
                "payment-gateway-adapter",
                "recommendations-engine",
                "inventory-reservations");
        for (String name : names) {
            for (String version : List.of("2026.12.1", "2026.12.2-rc.1")) {
                platform.release(name, Map.of("team", "customer-engagement", "display_version", version), everywhere);
            }
            for (String environment : List.of("staging", "prod-de", "prod-us")) {
                deploy(environment, name, 2);
            }
            deploy("prod-fr", name, 1);
        }
        deploy("staging", "payment-gateway-adapter", 1);
        lock("/api/v1/locks/application/prod-de/payment-gateway-adapter/pin", "{\"message\":\"pinned\"}");
        lock("/api/v1/locks/environment/dev/qa", "{\"message\":\"QA is testing\"}");
        lock("/api/v1/locks/application/prod-us/payment-gateway-adapter/hotfix", "{\"message\":\"hotfix\"}");
        for (String name : names) {
            platform.release(name, Map.of("team", "customer-engagement", "display_version", "2026.12.3"), everywhere);
        }

        try {
            browser.emulate(TestingBrowser.Viewport.DESKTOP_LIGHT);
            openOverview();

            assertThat(browser.findAll("tbody td .note-behind, tbody td .note-ahead"))
                    .as("marks widen cells")
                    .isNotEmpty();
            assertThat(browser.findAll("thead th.env")).hasSize(5);
            assertThat(browser.findAll("tbody td a.queued"))
                    .as("queued versions widen the dev column")
                    .isNotEmpty();
            List<?> widths = (List<?>) browser.script("const frame = document.querySelector('#overview-table .scroll');"
                    + " return [frame.scrollWidth, frame.clientWidth];");
            assertThat((Long) widths.get(0))
                    .as("the table fits its frame at 1440 px: no scrolling sideways")
                    .isLessThanOrEqualTo((Long) widths.get(1));
        } finally {
            browser.resetViewport();
        }
    }

    private void deploy(String environment, String application, long version) {
        assertThat(server.http()
                        .postJson(
                                "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                                "{\"version\":%d}".formatted(version))
                        .status())
                .isEqualTo(200);
    }

    private void lock(String path, String body) {
        assertThat(server.http().putJson(path, body).status()).isEqualTo(201);
    }

    private static List<String> applications() {
        return browser.attributes("tbody tr[data-app]", "data-app");
    }

    /** Opens the overview once the git export has caught up, so that no cell is marked as not in git yet. */
    private void openOverview() {
        TestingExport.awaitPushed(server.http());
        browser.open(server.baseUrl() + "/");
    }
}
