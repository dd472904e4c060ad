package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The application page and a release train with the keyboard alone, as someone who cannot or will not use a mouse
 * works: Tab and Shift+Tab to move, Enter and Space to act, letters to type. After each action focus is on its result,
 * so that the next Tab starts from there.
 */
@ExtendWith(TestingDatabases.class)
class KeyboardIT {
    /** More presses than the page has stops: a target not reached in as many is not reachable. */
    private static final int MAX_PRESSES = 120;

    private static TestingBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = TestingBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void engineerPromotesLocksAndUnlocksWithTheKeyboardAlone(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
            platform.release("cart", "dev", "staging");
            browser.clearCookies();
            browser.open(server.baseUrl() + "/applications/cart");

            tabTo("#environment-staging form.deploy button.primary", Direction.FORWARD);
            assertThat(focusedText()).isEqualTo("Promote v1 from dev");
            press(Keys.ENTER);
            awaitResult("Deployed v1 to staging.");
            assertThat(server.http()
                            .get("/api/v1/applications/cart")
                            .json()
                            .path("environments")
                            .path("staging")
                            .path("version")
                            .asInt())
                    .isEqualTo(1);

            tabTo("#environment-staging details.lock-menu > summary", Direction.BACKWARD);
            press(Keys.SPACE);
            press(Keys.TAB);
            assertThat(focusedId()).isEqualTo("lock-why-staging");
            new Actions(browser.driver()).sendKeys("Demo at noon").perform();
            press(Keys.TAB);
            assertThat(focusedId()).isEqualTo("lock-expiry-staging");
            new Actions(browser.driver()).sendKeys("2h").perform();
            press(Keys.TAB);
            assertThat(focusedText()).isEqualTo("Lock cart in staging");
            press(Keys.SPACE);
            awaitResult("Locked cart in staging (lock 'ui-");
            assertThat(server.http()
                            .get("/api/v1/locks?application=cart")
                            .json()
                            .path("locks")
                            .get(0)
                            .path("message")
                            .asText())
                    .isEqualTo("Demo at noon");

            tabTo("#environment-staging button.unlock", Direction.BACKWARD);
            press(Keys.ENTER);
            awaitResult("Removed lock 'ui-");
            assertThat(server.http().get("/api/v1/locks").json().path("locks").size())
                    .isZero();
        }
    }

    @Test
    void engineerRunsATrainWithTheKeyboardAlone(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingPlatform platform = new TestingPlatform(server.http()).threeStages();
            platform.release("cart", "dev", "staging");
            browser.clearCookies();
            browser.open(server.baseUrl() + "/environments");

            tabTo("#environment-staging form.train-form button", Direction.FORWARD);
            press(Keys.ENTER);
            awaitFocus("#train-env-staging .train-title", "Prognosis: release train into environment staging");
            press(Keys.TAB);
            assertThat(focusedText()).isEqualTo("Run the train into environment staging");
            press(Keys.ENTER);
            awaitFocus("#train-env-staging .train-title", "What the train into environment staging did");
            assertThat(browser.find("#train-env-staging .train-total").getText())
                    .isEqualTo("Deployed 1, queued 0, left 0 as they were.");
            assertThat(server.http()
                            .get("/api/v1/applications/cart")
                            .json()
                            .path("environments")
                            .path("staging")
                            .path("version")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    private enum Direction {
        FORWARD,
        BACKWARD
    }

    /** Presses Tab (or Shift+Tab) until {@code css} has focus, and fails when it never gets it. */
    private static void tabTo(String css, Direction direction) {
        for (int press = 0; press < MAX_PRESSES; press++) {
            if (Boolean.TRUE.equals(browser.script(
                    "return document.activeElement !== null && document.activeElement.matches(arguments[0])", css))) {
                return;
            }
            Actions actions = new Actions(browser.driver());
            if (direction == Direction.BACKWARD) {
                actions.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            } else {
                actions.sendKeys(Keys.TAB).perform();
            }
        }
        throw new AssertionError("Tab never reached " + css + "; focus is on " + focusedId());
    }

    private static void press(Keys key) {
        new Actions(browser.driver()).sendKeys(key).perform();
    }

    /** Waits until focus is on the action's result and the result starts with {@code text}. */
    private static void awaitResult(String text) {
        browser.await(
                "focus on a result that starts with " + text,
                driver -> "action-result".equals(focusedId()) && focusedText().startsWith(text));
    }

    /** Waits until focus is on {@code css} and its text starts with {@code text}. */
    private static void awaitFocus(String css, String text) {
        browser.await(
                "focus on " + css + " that starts with " + text,
                driver -> Boolean.TRUE.equals(browser.script(
                                "return document.activeElement !== null && document.activeElement.matches(arguments[0])",
                                css))
                        && focusedText().startsWith(text));
    }

    private static String focusedId() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.id"));
    }

    private static String focusedText() {
        return String.valueOf(browser.script("return document.activeElement && document.activeElement.innerText"))
                .strip();
    }
}
