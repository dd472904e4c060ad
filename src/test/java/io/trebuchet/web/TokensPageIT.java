package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

/**
 * The API tokens page in a real browser: a refused creation or revocation reads as a sentence that names the form's
 * field, and the form keeps what was typed. The RBAC side of the page is {@code TokenAdministrationIT}'s.
 */
@ExtendWith(TestingDatabases.class)
class TokensPageIT {
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
    void aRefusedTokenNamesTheFieldAndKeepsWhatWasTyped() {
        browser.open(server.baseUrl() + "/tokens");

        fill("ci-bot", "developer", "payments", "2x");

        assertThat(refusal()).isEqualTo("Expires in must be a duration such as 30m, 8h, 1h30m, 2d or 1w, got '2x'.");
        assertThat(value("name")).isEqualTo("ci-bot");
        assertThat(value("roles")).isEqualTo("developer");
        assertThat(value("teams")).isEqualTo("payments");
        assertThat(value("expiresIn")).isEqualTo("2x");

        browser.find("#create-token input[name='expiresIn']").clear();
        browser.find("#create-token button[type='submit']").click();
        browser.await(
                "the token",
                driver -> !browser.findAll("tr[data-token='ci-bot']").isEmpty());
        assertThat(value("name")).as("a created token empties the form").isEmpty();
        assertThat(browser.find("tr[data-token='ci-bot']").getText())
                .as("times as pages print them, not ISO 8601")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC")
                .doesNotContainPattern("\\dT\\d");

        fill("ci-bot", "developer", "", "");
        assertThat(refusal())
                .isEqualTo("Name: a token named 'ci-bot' exists already (names of revoked tokens stay taken).");
    }

    @Test
    void revokingATokenThatIsGoneSaysSo() {
        browser.open(server.baseUrl() + "/tokens");
        fill("ci-bot", "developer", "", "");
        browser.await(
                "the token",
                driver -> !browser.findAll("tr[data-token='ci-bot']").isEmpty());

        // A page left open while the token was deleted elsewhere: its form names a token the server does not know.
        browser.script("document.querySelector(\"tr[data-token='ci-bot'] input[name='name']\").value = 'ghost'");
        browser.find("tr[data-token='ci-bot'] button.danger").click();

        assertThat(refusal()).isEqualTo("No API token is named 'ghost'.");
    }

    private void fill(String name, String roles, String teams, String expiresIn) {
        for (String field : new String[] {"name", "roles", "teams", "expiresIn"}) {
            browser.find("#create-token input[name='" + field + "']").clear();
        }
        browser.find("#create-token input[name='name']").sendKeys(name);
        browser.find("#create-token input[name='roles']").sendKeys(roles);
        browser.find("#create-token input[name='teams']").sendKeys(teams);
        browser.find("#create-token input[name='expiresIn']").sendKeys(expiresIn);
        browser.find("#create-token button[type='submit']").click();
    }

    private static String refusal() {
        WebElement message = browser.await(
                "the refusal",
                driver -> browser.findAll(".message.error").stream()
                        .filter(element -> !element.getText().startsWith("Authentication is off"))
                        .findFirst()
                        .orElse(null));
        return message.getText();
    }

    private static String value(String field) {
        return browser.find("#create-token input[name='" + field + "']").getDomProperty("value");
    }
}
