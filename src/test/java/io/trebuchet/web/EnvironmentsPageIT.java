package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingBrowser;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The environments page in a real browser. */
@ExtendWith(TestingDatabases.class)
class EnvironmentsPageIT {
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
        server = TestingServer.start(Backend.H2, databases);
        browser.clearCookies();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void showsGroupsAndEnvironmentsInUpstreamOrderWithTheirConfig() {
        TestingPlatform platform = new TestingPlatform(server.http())
                .environment("dev", "{\"upstream\":{\"latest\":true}}")
                .environment("staging", "{\"upstream\":{\"environment\":\"dev\"}}")
                .environment("prod-de", """
                        {"upstream": {"environment": "staging"}, "environmentGroup": "production",
                         "argocd": {"destination": {"name": "prod-de", "server": "https://kubernetes.default.svc",
                                                    "namespace": "apps"},
                                    "syncWindows": [{"kind": "deny", "schedule": "0 22 * * *", "duration": "8h",
                                                     "applications": ["*"], "timeZone": "Europe/Berlin"}],
                                    "accessList": [{"group": "*", "kind": "Namespace"}],
                                    "syncOptions": ["CreateNamespace=true"]}}
                        """)
                .environment(
                        "prod-fr", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        WebSamples.release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging");
        WebSamples.release(platform, "search", "discovery", "1.0.0", "Search", "dev");

        browser.open(server.baseUrl() + "/environments");

        assertThat(browser.attributes("section.group", "data-group")).containsExactly("dev", "staging", "production");
        assertThat(browser.attributes("section[data-group='production'] article.card", "data-env"))
                .containsExactly("prod-de", "prod-fr");
        assertThat(browser.find("#environment-dev").getText())
                .contains("gets every new release", "Feeds", "staging", "Applications\n2", "No Argo CD settings.");
        assertThat(browser.find("#environment-staging").getText())
                .contains("takes versions from dev", "prod-de", "prod-fr", "Applications\n0");
        assertThat(browser.find("#environment-prod-de").getText())
                .contains(
                        "prod-de https://kubernetes.default.svc namespace apps",
                        "deny 0 22 * * * for 8h (Europe/Berlin) · *",
                        "CreateNamespace=true",
                        "*/Namespace");
        browser.screenshot("environments");
    }
}
