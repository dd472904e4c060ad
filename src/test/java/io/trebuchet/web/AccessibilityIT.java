package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingBrowser.AccessibilityViolation;
import io.trebuchet.testing.TestingBrowser.Viewport;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every page, at desktop and phone widths and in the light and dark schemes, checked by axe-core against WCAG 2.2 A and
 * AA and axe's best practices: no serious or critical violation; the scheme is the one asked for, and no page is wider
 * than the screen (wide tables scroll inside themselves). The platform has locks, a queued version, a freeze
 * and policy findings, so the pages show their notes and forms, not only their empty states.
 */
@ExtendWith(TestingDatabases.class)
class AccessibilityIT {
    /** The pages a person reaches from the navigation and the overview, one of each kind. */
    private static final List<String> PAGES = List.of(
            "/",
            "/?team=payments",
            "/applications/cart",
            "/applications/recommendations",
            "/environments",
            "/environments/staging/train",
            "/environment-groups/production/train",
            "/locks",
            "/history",
            "/tokens",
            "/applications/nowhere");

    private static TestingBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = TestingBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.resetViewport();
        browser.close();
    }

    @Test
    void everyPageFitsItsWidthAndHasNoSeriousOrCriticalViolationInEitherScheme(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
            WebSamples.platform(platform, server);
            WebSamples.promotionControl(platform, server);

            List<String> found = new ArrayList<>();
            for (Viewport viewport : Viewport.values()) {
                browser.emulate(viewport);
                for (String page : PAGES) {
                    browser.open(server.baseUrl() + page);
                    long width = (Long) browser.script("return document.documentElement.scrollWidth");
                    if (width > viewport.width()) {
                        found.add(viewport + " " + page + ": the page is " + width + " px wide; tables must scroll"
                                + " inside themselves");
                    }
                    String ground = (String)
                            browser.script("return getComputedStyle(document.documentElement).backgroundColor");
                    if (!ground.equals(viewport.dark() ? "rgb(18, 21, 28)" : "rgb(244, 246, 249)")) {
                        found.add(viewport + " " + page + ": the page's ground is " + ground);
                    }
                    check(viewport + " " + page, found);
                    if (page.equals("/applications/cart")) {
                        browser.screenshot("application-" + viewport.name().toLowerCase(java.util.Locale.ROOT));
                    }
                    if (page.startsWith("/applications/")) {
                        // The application page's forms and menus open in place: check them open too.
                        browser.script("document.querySelectorAll('main details').forEach(d => d.open = true)");
                        check(viewport + " " + page + " with every form and menu open", found);
                        long open = (Long) browser.script("return document.documentElement.scrollWidth");
                        if (open > viewport.width()) {
                            found.add(viewport + " " + page + ": with its forms open the page is " + open + " px wide");
                        }
                    }
                }
            }

            assertThat(found).isEmpty();
        }
    }

    private static void check(String where, List<String> found) {
        for (AccessibilityViolation violation : browser.accessibilityViolations()) {
            if (violation.seriousOrCritical()) {
                found.add(where + ": " + violation);
            }
        }
    }
}
