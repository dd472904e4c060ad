package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.trebuchet.auth.Action;
import io.trebuchet.auth.Scope;

/** What a route asks of a request's identity when authentication is on. */
public sealed interface RouteRule {
    /** No identity needed: health checks, the OpenAPI document, the UI's assets, signing in. */
    record Open() implements RouteRule {}

    /** Any identity: reads. */
    record SignedIn() implements RouteRule {}

    /** An identity the policy allows {@code action} in the scope the request names. */
    record Check(Action action, ScopeOf scope) implements RouteRule {
        public Check {
            requireNonNull(action, "action is null");
            requireNonNull(scope, "scope is null");
        }
    }

    /** Where a request acts, read from its path (and, for a few Kuberpult routes, its body). */
    @FunctionalInterface
    interface ScopeOf {
        Scope of(Context context, Guard guard);
    }
}
