package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The history page in a real browser: the event log with filters, and its CSV download. */
@ExtendWith(TestingDatabases.class)
class HistoryPageIT {
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
        WebSamples.platform(new TestingPlatform(server.http()).threeStages(), server);
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void showsTheEventLogNewestFirstAndFiltersByActor() {
        browser.open(server.baseUrl() + "/history");
        List<String> ids = browser.attributes("table.events tbody tr", "data-event");
        assertThat(ids).hasSize(36).first().isEqualTo("36");
        assertThat(ids).last().isEqualTo("1");
        assertThat(browser.find("tr[data-event='36'] td.kind-words").getText()).isEqualTo("Deployed");
        assertThat(browser.find("tr[data-event='36'] td.what summary").getText())
                .isEqualTo("Jane Doe deployed search v1 to prod-de");
        assertThat(browser.find("tr[data-event='34'] td.what summary").getText())
                .isEqualTo("Jane Doe deployed cart v2 to staging");
        assertThat(browser.find("tr[data-event='1'] td.what summary").getText())
                .isEqualTo("anonymous created environment dev, which gets every new release");
        browser.screenshot("history");

        browser.find("input[name='actor']").sendKeys("JANE.DOE@example.com");
        browser.find("#history-filters button[type='submit']").click();

        browser.await("Jane's events", ExpectedConditions.urlContains("actor=JANE.DOE%40example.com"));
        assertThat(browser.attributes("table.events tbody tr", "data-event")).containsExactly("36", "35", "34");
        assertThat(browser.find("input[name='actor']").getDomProperty("value")).isEqualTo("JANE.DOE@example.com");
    }

    @Test
    void aQueuedDeploySaysWhatStopsItInSentencesWithoutCodesOrRawTimes() {
        new TestingPlatform(server.http())
                .environment(
                        "dev",
                        "{\"upstream\":{\"latest\":true},\"freezeWindows\":[{\"kind\":\"deny\","
                                + "\"schedule\":\"0 12 * * *\",\"duration\":\"6h\",\"timeZone\":\"UTC\"}]}");
        WebSamples.lock(server, "/api/v1/locks/environment/dev/qa-1-2", "{\"message\":\"QA is testing\"}", "Jane Doe");
        long version = WebSamples.release(
                new TestingPlatform(server.http()), "cart", "payments", "1.2.0", "Coupons", "dev", "staging");

        browser.open(server.baseUrl() + "/history?kind=DEPLOYMENT_QUEUED");

        assertThat(browser.find("tr[data-kind='DEPLOYMENT_QUEUED'] td.what summary")
                        .getText())
                .startsWith("cart v%d waits to be deployed to dev (automatic). What stops it: ".formatted(version))
                .contains(
                        "Environment lock 'qa-1-2' on dev: QA is testing.",
                        "Deny window '0 12 * * *' for 6h (UTC) is open until 2026-11-02 18:00:00 UTC.")
                .doesNotContain("ENVIRONMENT_LOCKED", "FREEZE_WINDOW", "T18:00:00Z");
    }

    @Test
    void filtersByKindApplicationAndTimeRange() {
        browser.open(server.baseUrl()
                + "/history?application=cart&kind=DEPLOYED&since=2026-11-02T10:30&until=2026-11-02T11:20:00Z");

        assertThat(browser.texts("table.events tbody tr td:nth-child(6)")).containsExactly("dev", "prod-de");
        assertThat(browser.texts("table.events tbody tr td:nth-child(2)"))
                .containsExactly("2026-11-02 11:10", "2026-11-02 11:10");
        assertThat(browser.attributes("table.events tbody tr td:nth-child(2) time", "datetime"))
                .containsExactly("2026-11-02T11:10:00Z", "2026-11-02T11:10:00Z");
        assertThat(browser.attributes("table.events tbody tr td:nth-child(2) time", "title"))
                .first()
                .isEqualTo("2026-11-02 11:10:00 UTC (3 hours ago)");
        assertThat(browser.find("select[name='kind'] option:checked").getText()).isEqualTo("Deployed");
        assertThat(browser.find("input[name='since']").getDomProperty("value")).isEqualTo("2026-11-02T10:30");
    }

    @Test
    void theFiltersSuggestTheKnownNamesAndNameKindsInWords() {
        browser.open(server.baseUrl() + "/history");

        assertThat(browser.find("input[name='application']").getAttribute("list"))
                .isEqualTo("application-names");
        assertThat(browser.attributes("#application-names option", "value"))
                .containsExactly("auth", "cart", "checkout", "recommendations", "search");
        assertThat(browser.attributes("#environment-names option", "value"))
                .containsExactly("dev", "staging", "prod-de", "prod-fr");
        assertThat(browser.texts("select[name='kind'] option"))
                .contains("Any", "Deployed", "Locked", "Release created", "Release train")
                .noneMatch(text -> text.contains("_"));
        assertThat(browser.texts("table.events tbody td.kind-words")).noneMatch(text -> text.contains("_"));
    }

    @Test
    void aFilterThatMakesNoSenseIsExplainedNextToTheForm() {
        browser.open(server.baseUrl() + "/history?since=yesterday");

        assertThat(browser.find(".toolbar .message.error").getText())
                .as("a sentence that names the field as the form labels it")
                .isEqualTo(
                        "From must be a time such as 2026-11-02T10:00:00Z or 2026-11-02T10:00 (UTC), got 'yesterday'.");
        assertThat(browser.findAll("table.events")).isEmpty();

        browser.open(server.baseUrl() + "/history?until=soon");
        assertThat(browser.find(".toolbar .message.error").getText()).startsWith("To must be a time such as ");

        browser.open(server.baseUrl() + "/history?kind=NOPE");
        assertThat(browser.find(".toolbar .message.error").getText()).startsWith("Unknown event kind 'NOPE'");
    }

    @Test
    void downloadsTheFilteredHistoryAsCsv() throws IOException {
        browser.open(server.baseUrl() + "/history?application=cart");

        browser.find("#download-csv").click();

        Path csv = browser.awaitDownload(".csv");
        assertThat(csv.getFileName().toString()).isEqualTo("trebuchet-history-20261102-143000.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).first().isEqualTo("id,time,actor_name,actor_email,kind,application,environment,payload");
        assertThat(lines.subList(1, lines.size()))
                .hasSize(7)
                .allSatisfy(line -> assertThat(line).contains(",cart,"));
        assertThat(lines.get(1))
                .isEqualTo("5,2026-11-02T10:00:00Z,anonymous,anonymous@trebuchet.invalid,APPLICATION_CREATED,cart,,"
                        + "\"{\"\"team\"\":\"\"payments\"\"}\"");
        assertThat(lines.getLast())
                .isEqualTo("34,2026-11-02T11:30:00Z,Jane Doe,jane.doe@example.com,DEPLOYED,cart,staging,"
                        + "\"{\"\"reason\"\":\"\"manual\"\",\"\"version\"\":2}\"");
    }
}
