package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingBrowser.Viewport;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pictures in {@code docs/screenshots/}: each page the user documentation describes, at a desktop and a phone
 * width in the light scheme, over the example platform {@code examples/three-stages} with releases by several teams,
 * deployments at different versions, an environment lock, an application lock, a queued version, a policy finding and
 * a deploy freeze. Each page is checked for what its picture is meant to show before it is taken, so a broken page
 * fails here rather than ending up in the documentation; {@code scripts/screenshots} copies the pictures from {@code
 * target/docs-screenshots/} into {@code docs/}, which the suite itself never writes to. The server's clock is fixed,
 * so the pictures change only when the pages do.
 */
@ExtendWith(TestingDatabases.class)
class DocsScreenshotsIT {
    private static final Path SCREENSHOTS = Path.of("target", "docs-screenshots");
    /** The replica's name in the export status, instead of the host name and process id that differ per run. */
    private static final String REPLICA = "trebuchet-0";

    private static final List<Viewport> VIEWPORTS = List.of(Viewport.DESKTOP_LIGHT, Viewport.PHONE_LIGHT);

    /** One page of the documentation: where it is, the picture's name, and what it must show. */
    private record Page(String name, String path, Consumer<TestingBrowser> check) {}

    @Test
    void everyDocumentedPageShowsTheSamplePlatformAtBothWidths(TestingDatabases databases) throws IOException {
        try (TestingServer server = TestingServer.start(
                        Backend.POSTGRESQL,
                        databases,
                        data -> TestingServer.fastExport(data).withReplica(REPLICA));
                TestingBrowser browser = TestingBrowser.start()) {
            TestingCli.Result applied = new TestingCli(server.baseUrl()).run("apply", "-f", "examples/three-stages");
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            TestingPlatform platform = new TestingPlatform(server.http());
            WebSamples.platform(platform, server);
            // Before prod-fr's freeze: the second production cluster runs something too.
            WebSamples.deploy(server, "prod-fr", "auth", 1, "Ops Person");
            WebSamples.deploy(server, "prod-fr", "search", 1, "Ops Person");
            WebSamples.promotionControl(platform, server);
            // The overview says whether git has caught up: it has, in every picture.
            TestingExport.awaitPushed(server.http());

            for (Viewport viewport : VIEWPORTS) {
                browser.emulate(viewport);
                // A phone's overlay scroll bar shows for a moment after a page loads, or not: no picture has one.
                hideScrollbars(browser);
                for (Page page : pages()) {
                    browser.open(server.baseUrl() + page.path());
                    page.check().accept(browser);
                    long width = (Long) browser.script("return document.documentElement.scrollWidth");
                    assertThat(width)
                            .as("%s at %s: the page must not scroll sideways", page.path(), viewport)
                            .isLessThanOrEqualTo(viewport.width());
                    assertThat(browser.script("return getComputedStyle(document.documentElement).backgroundColor"))
                            .as("%s at %s: the light scheme's ground", page.path(), viewport)
                            .isEqualTo("rgb(244, 246, 249)");
                    shoot(browser, page.name() + "-" + (viewport.width() < 600 ? "phone" : "desktop"));
                }
            }
        }
    }

    private static List<Page> pages() {
        return List.of(
                new Page("overview", "/", DocsScreenshotsIT::checkOverview),
                new Page("application", "/applications/cart", DocsScreenshotsIT::checkApplication),
                new Page("trains", "/environment-groups/production/train", DocsScreenshotsIT::checkTrain),
                new Page("environments", "/environments", DocsScreenshotsIT::checkEnvironments),
                new Page("locks", "/locks", DocsScreenshotsIT::checkLocks),
                new Page("history", "/history", DocsScreenshotsIT::checkHistory));
    }

    private static void checkOverview(TestingBrowser browser) {
        assertThat(browser.attributes("tbody tr[data-app]", "data-app"))
                .contains("cart", "checkout", "search", "recommendations", "auth");
        assertThat(browser.find("tr[data-app='cart'] td[data-env='dev']").getAttribute("data-queued"))
                .isEqualTo("3");
        assertThat(browser.find("tr[data-app='search'] td[data-env='prod-de'] .note-lock")
                        .getAttribute("title"))
                .contains("Waiting for the index rebuild");
        assertThat(browser.find("#export-lag").getText()).isEqualTo("Git is up to date.");
        assertThat(browser.find("#export-leader").getText()).contains(REPLICA);
    }

    private static void checkApplication(TestingBrowser browser) {
        assertThat(browser.attributes("table.releases tbody tr", "data-version"))
                .containsExactly("3", "2", "1");
        assertThat(browser.find("#environment-prod-de td.running").getText()).startsWith("1.0.0 v1");
        assertThat(browser.find("#environment-staging td.running").getText()).startsWith("1.1.0 v2");
    }

    private static void checkTrain(TestingBrowser browser) {
        assertThat(browser.find(".train").getAttribute("data-prognosis")).isEqualTo("true");
        assertThat(browser.texts("#train-group-production .train-group[data-group='lock'] tr[data-app='search']"))
                .as("the prognosis queues search behind its lock in prod-de")
                .singleElement()
                .asString()
                .contains("Waiting for the index rebuild");
    }

    private static void checkEnvironments(TestingBrowser browser) {
        assertThat(browser.findAll(
                        "#environment-dev, #environment-staging, #environment-prod-de, #environment-prod-fr"))
                .hasSize(4);
        assertThat(browser.find("#environment-dev").getText()).contains("QA is testing 1.2");
    }

    private static void checkLocks(TestingBrowser browser) {
        assertThat(browser.attributes("table.locks-list tbody tr", "data-lock"))
                .contains("environment/dev//qa-1-2", "application/prod-de/search/reindex");
    }

    private static void checkHistory(TestingBrowser browser) {
        assertThat(browser.texts("table.events tbody td.kind-words")).contains("Deployed", "Locked");
    }

    private static void hideScrollbars(TestingBrowser browser) {
        ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setScrollbarsHidden", Map.of("hidden", true));
    }

    /** The viewport as the browser draws it, as a PNG. */
    private static void shoot(TestingBrowser browser, String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
