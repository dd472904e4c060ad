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
 * than the screen (wide tables scroll inside themselves), and no placeholder is cut off. The platform has locks, a queued version, a freeze
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

    /**
     * The contrast failures of the visible icons, as text; the ground of an icon is the first opaque background behind
     * it, with translucent ones laid over it.
     */
    private static final String ICON_CONTRAST = """
            const rgba = text => {
              const parts = (text.match(/rgba?\\(([^)]*)\\)/) || [null, ''])[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
              return parts.length < 3 ? null : [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
            };
            const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
            const ground = element => {
              if (!element) {
                return [255, 255, 255, 1];
              }
              const colour = rgba(getComputedStyle(element).backgroundColor);
              if (!colour || colour[3] === 0) {
                return ground(element.parentElement);
              }
              return colour[3] < 1 ? over(colour, ground(element.parentElement)) : colour;
            };
            const luminance = colour => {
              const [r, g, b] = colour.slice(0, 3).map(value => {
                const channel = value / 255;
                return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
              });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const ratio = (a, b) => {
              const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
              return (light + 0.05) / (dark + 0.05);
            };
            const failures = [];
            for (const icon of document.querySelectorAll('svg.icon')) {
              // Hidden icons are not seen; inactive controls are exempt from contrast (WCAG 1.4.11).
              if (icon.getClientRects().length === 0 || icon.closest('[disabled]')) {
                continue;
              }
              const behind = ground(icon.parentElement);
              const colour = over(rgba(getComputedStyle(icon).color), behind);
              const name = (icon.parentElement.getAttribute('class') || icon.parentElement.tagName) + ' icon';
              if (ratio(colour, behind) < 3) {
                failures.push(name + ' ' + getComputedStyle(icon).color + ' on ' + behind + ': ' + ratio(colour, behind).toFixed(2) + ':1');
              }
              // A stroke in another colour than the icon's own is a mark drawn on the icon.
              for (const mark of icon.querySelectorAll('*')) {
                const stroke = getComputedStyle(mark).stroke;
                const drawn = rgba(stroke);
                if (drawn && stroke !== getComputedStyle(icon).color && ratio(drawn, colour) < 3) {
                  failures.push(name + "'s mark " + stroke + ' on ' + colour + ': ' + ratio(drawn, colour).toFixed(2) + ':1');
                }
              }
            }
            return failures;
            """;

    /**
     * The visible inputs whose placeholder is wider than the room inside them, as text: the text is measured on a canvas
     * in the input's own font, since an input's scrollWidth does not count its placeholder.
     */
    private static final String CUT_PLACEHOLDERS = """
            const context = document.createElement('canvas').getContext('2d');
            const cut = [];
            for (const input of document.querySelectorAll('input[placeholder]')) {
              if (input.getClientRects().length === 0 || input.placeholder === '') {
                continue;
              }
              const style = getComputedStyle(input);
              context.font = style.font;
              const text = context.measureText(input.placeholder).width;
              const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
              if (text > room) {
                cut.push((input.name || input.id) + ' "' + input.placeholder + '" needs ' + Math.ceil(text)
                    + ' px, has ' + Math.floor(room));
              }
            }
            return cut;
            """;

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
                    checkIcons(viewport + " " + page, found);
                    checkPlaceholders(viewport + " " + page, found);
                    if (page.equals("/applications/cart")) {
                        browser.screenshot("application-" + viewport.name().toLowerCase(java.util.Locale.ROOT));
                    }
                    if (page.startsWith("/applications/")) {
                        // The application page's forms and menus open in place: check them open too.
                        browser.script("document.querySelectorAll('main details').forEach(d => d.open = true)");
                        check(viewport + " " + page + " with every form and menu open", found);
                        checkPlaceholders(viewport + " " + page + " with every form and menu open", found);
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

    /**
     * Icons are SVG, which axe-core does not check for contrast: each visible icon must stand out from what it is drawn
     * on, and the mark inside a filled icon (the "!" of the warning) from the icon itself, by 3:1 (WCAG 1.4.11), in
     * whichever scheme the page is in.
     */
    private static void checkIcons(String where, List<String> found) {
        Object failures = browser.script(ICON_CONTRAST);
        if (failures instanceof List<?> list) {
            list.forEach(failure -> found.add(where + ": " + failure));
        } else {
            found.add(where + ": the icon check returned " + failures);
        }
    }

    /** A placeholder cut off at its edge says something else than it means ("for, e.g. 2ł"). */
    private static void checkPlaceholders(String where, List<String> found) {
        Object cut = browser.script(CUT_PLACEHOLDERS);
        if (cut instanceof List<?> list) {
            list.forEach(input -> found.add(where + ": the placeholder of " + input + " is cut off"));
        } else {
            found.add(where + ": the placeholder check returned " + cut);
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
