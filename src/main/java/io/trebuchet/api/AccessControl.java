package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.router.Endpoint;
import io.trebuchet.auth.AuthFailures;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.Authenticator;
import io.trebuchet.auth.Authorizer;
import io.trebuchet.auth.Identity;
import io.trebuchet.auth.ScopeLookup;
import io.trebuchet.auth.Signatures;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Authentication and authorization at the HTTP edge. Before admission, {@link #authenticate} finds who a request is
 * (a bearer token or a session cookie) and refuses bad credentials with {@code 401} (counting them against the
 * client's limit of failed sign-ins, {@code 429} past it), so that a flood of bad credentials takes no permit of the
 * store; after the route is matched, {@link #authorize} applies the route's {@link RouteRule} and checks Kuberpult's
 * signed lock and environment requests. With authentication off it only checks signatures.
 */
public final class AccessControl {
    public static final String SESSION_COOKIE = "trebuchet_session";

    private final AuthSettings settings;
    private final Optional<Authenticator> authenticator;
    private final Authorizer authorizer;
    private final ScopeLookup lookup;
    private final AuthFailures failures;

    public AccessControl(
            AuthSettings settings, Optional<Authenticator> authenticator, ScopeLookup lookup, AuthFailures failures) {
        this.settings = requireNonNull(settings, "settings is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.failures = requireNonNull(failures, "failures is null");
        this.authorizer = new Authorizer(settings.policy(), settings.teams());
        if (settings.enabled() && authenticator.isEmpty()) {
            throw new IllegalArgumentException("authentication is on but nothing authenticates");
        }
    }

    /** No authentication, no signatures: what tests of other features and a loopback server use. */
    public static AccessControl none() {
        return new AccessControl(
                AuthSettings.NONE,
                Optional.empty(),
                ScopeLookup.NONE,
                new AuthFailures(
                        AuthSettings.DEFAULT_MAX_FAILURES,
                        AuthSettings.DEFAULT_FAILURE_WINDOW,
                        java.time.Clock.systemUTC()));
    }

    public AuthSettings settings() {
        return settings;
    }

    void authenticate(Context context) {
        Guard.attachSignatures(context, settings.signatures(), this::namesOf);
        if (!settings.enabled()) {
            return;
        }
        String client = context.ip();
        Optional<Identity> identity = Optional.empty();
        String authorization = context.header("Authorization");
        if (authorization != null) {
            failures.check(client);
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
                failures.failed(client);
                throw new TrebuchetException(
                        ErrorCode.UNAUTHENTICATED, "send credentials as Authorization: Bearer <token>");
            }
            try {
                identity = Optional.of(authenticator
                        .orElseThrow()
                        .bearer(authorization.substring("Bearer ".length()).strip()));
            } catch (TrebuchetException e) {
                if (e.code() == ErrorCode.UNAUTHENTICATED) {
                    failures.failed(client);
                }
                throw e;
            }
        } else {
            String cookie = context.cookie(SESSION_COOKIE);
            if (cookie != null && !cookie.isEmpty()) {
                failures.check(client);
                identity = authenticator.orElseThrow().session(cookie);
                if (identity.isEmpty()) {
                    failures.failed(client);
                    // An expired or ended session: forget it, so that the browser signs in afresh.
                    context.removeCookie(SESSION_COOKIE, "/");
                }
            }
        }
        new Guard(true, identity, authorizer, lookup).attach(context);
    }

    /**
     * Who a request to a mounted servlet (the git server) is: an API or OIDC token as the password of HTTP basic
     * authentication, which is what git sends (the user name is not read), or as a bearer token. Empty with
     * authentication off. Failures count against the client's limit as at the API.
     */
    Optional<Identity> authenticateServletRequest(Optional<String> authorization, String client) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        String header = authorization.orElseThrow(() -> new TrebuchetException(
                ErrorCode.UNAUTHENTICATED,
                "sign in: send an API token as the password of HTTP basic authentication (any user name), or as"
                        + " Authorization: Bearer <token>"));
        failures.check(client);
        Optional<String> token = Optional.empty();
        if (header.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            token = Optional.of(header.substring("Bearer ".length()).strip());
        } else if (header.regionMatches(true, 0, "Basic ", 0, "Basic ".length())) {
            try {
                String credentials = new String(
                        Base64.getDecoder()
                                .decode(header.substring("Basic ".length()).strip()),
                        StandardCharsets.UTF_8);
                int colon = credentials.indexOf(':');
                token = colon < 0 ? Optional.empty() : Optional.of(credentials.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                token = Optional.empty();
            }
        }
        if (token.isEmpty()) {
            failures.failed(client);
            throw new TrebuchetException(
                    ErrorCode.UNAUTHENTICATED,
                    "send an API token as the password of HTTP basic authentication, or as Authorization: Bearer");
        }
        try {
            return Optional.of(authenticator.orElseThrow().bearer(token.get()));
        } catch (TrebuchetException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                failures.failed(client);
            }
            throw e;
        }
    }

    void authorize(Context context) {
        Endpoint endpoint = context.endpoints().matchedHttpEndpoint();
        String method = context.method().name();
        if (settings.enabled()) {
            Guard guard = Guard.of(context);
            RouteRule rule = RouteRules.of(method, endpoint.path)
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.FORBIDDEN,
                            "%s %s has no authorization rule; nobody may use it".formatted(method, endpoint.path)));
            switch (rule) {
                case RouteRule.Open open -> {}
                case RouteRule.SignedIn signedIn -> signedIn(context, guard, endpoint);
                case RouteRule.Check check -> {
                    signedIn(context, guard, endpoint);
                    guard.require(check.action(), check.scope().of(context, guard));
                }
            }
        }
        checkSignatures(context, method, endpoint.path);
    }

    private void signedIn(Context context, Guard guard, Endpoint endpoint) {
        if (guard.identity().isPresent()) {
            return;
        }
        if (PageRoutes.isPage(endpoint)
                && context.method().name().equals("GET")
                && settings.oidc().isPresent()) {
            String back = context.path()
                    + Optional.ofNullable(context.queryString())
                            .map(query -> "?" + query)
                            .orElse("");
            context.redirect("/login?return=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            context.skipRemainingHandlers();
            return;
        }
        throw new TrebuchetException(
                ErrorCode.UNAUTHENTICATED,
                "sign in first: send an API token or an OIDC token as Authorization: Bearer <token>"
                        + (settings.oidc().isPresent() ? ", or sign in to the web UI at /login" : ""));
    }

    /** Kuberpult's signed locks and environment requests, checked against the keyring before anything changes. */
    private void checkSignatures(Context context, String method, String path) {
        Signatures signatures = settings.signatures();
        if (signatures.keyring().isEmpty()) {
            return;
        }
        switch (path) {
            case "/environments/{env}/locks/{id}",
                    "/api/environments/{env}/locks/{id}",
                    "/api/v1/locks/environment/{env}/{id}" -> {
                EnvName environment = Requests.environment(context);
                signatures.check(
                        "the lock of %s".formatted(environment),
                        namesOf(environment),
                        environment.value() + context.pathParam("id"),
                        signature(context, method),
                        "signature");
            }
            case "/environment-groups/{group}/locks/{id}",
                    "/api/environment-groups/{group}/locks/{id}",
                    "/api/v1/locks/group/{group}/{id}" -> {
                GroupName group = Requests.group(context);
                signatures.check(
                        "the lock of group %s".formatted(group),
                        Set.of(group.value()),
                        group.value() + context.pathParam("id"),
                        signature(context, method),
                        "signature");
            }
            case "/api/v1/environments/{env}" -> {
                if (method.equals("DELETE")) {
                    EnvName environment = Requests.environment(context);
                    signatures.check(
                            "the deletion of %s".formatted(environment),
                            namesOf(environment),
                            environment.value(),
                            Optional.of(context.body()),
                            "the request body");
                }
            }
            case "/api/environments/{env}", "/environments/{env}" -> {
                EnvName environment = Requests.environment(context);
                signatures.check(
                        "the config of %s".formatted(environment),
                        namesOf(environment),
                        Optional.ofNullable(context.formParam("config")).orElse(""),
                        Optional.ofNullable(context.formParam("signature")),
                        "signature");
            }
            default -> {}
        }
    }

    /** An environment and its group: one name when the environment is its own group. */
    private Set<String> namesOf(EnvName environment) {
        return new TreeSet<>(List.of(environment.value(), groupOf(environment).value()));
    }

    private GroupName groupOf(EnvName environment) {
        return lookup.groupOf(environment).orElseGet(() -> GroupName.of(environment.value()));
    }

    /** A lock's signature: the {@code signature} of a JSON or form body to put it; the whole body to delete it. */
    private static Optional<String> signature(Context context, String method) {
        String contentType = String.valueOf(context.contentType());
        if (method.equals("PUT") && !contentType.startsWith("application/json")) {
            return Optional.ofNullable(context.formParam("signature"));
        }
        String body = context.body();
        if (body.strip().startsWith("{")) {
            try {
                JsonNode signature = Json.mapper().readTree(body).path("signature");
                return signature.isTextual() ? Optional.of(signature.asText()) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return method.equals("DELETE") ? Optional.of(body) : Optional.empty();
    }

    /** The cookie of a new session: HttpOnly, SameSite=Lax (the provider's redirect back is a cross-site GET). */
    public static Cookie sessionCookie(Context context, String value, int maxAgeSeconds) {
        return new Cookie(SESSION_COOKIE, value, "/", maxAgeSeconds, secure(context), true, null, SameSite.LAX);
    }

    /** Whether the browser reached the server over https, directly or through a proxy that says so. */
    public static boolean secure(Context context) {
        return context.scheme().equals("https") || "https".equalsIgnoreCase(context.header("X-Forwarded-Proto"));
    }

    /** What {@code GET /api/v1/auth/config} tells clients: how to sign in. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", settings.mode().name().toLowerCase(java.util.Locale.ROOT));
        settings.oidc().ifPresent(oidc -> {
            config.put("issuer", oidc.issuerString());
            config.put("clientId", oidc.cliClientId());
            config.put("scopes", oidc.scopes());
        });
        return config;
    }
}
