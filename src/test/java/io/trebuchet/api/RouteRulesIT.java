package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingServer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route the running server has, API and pages, has an authorization rule: a route added without one fails this
 * test (and is refused to everyone when authentication is on). A rule for a route that no longer exists fails it too.
 */
@ExtendWith(TestingDatabases.class)
class RouteRulesIT {
    @Test
    void everyRouteOfTheRunningServerHasAnAuthorizationRuleAndEveryRuleARoute(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.EMBEDDED, databases)) {
            List<String> served = new ArrayList<>(server.server().routes());
            served.addAll(server.server().pageRoutes());

            List<String> withoutRule = served.stream()
                    .filter(route -> {
                        int space = route.indexOf(' ');
                        return RouteRules.of(route.substring(0, space), route.substring(space + 1))
                                .isEmpty();
                    })
                    .toList();
            TreeSet<String> stale = new TreeSet<>(RouteRules.routes());
            stale.removeAll(served);

            assertThat(withoutRule)
                    .as("routes without an authorization rule in RouteRules")
                    .isEmpty();
            assertThat(stale).as("rules for routes the server does not have").isEmpty();
        }
    }
}
