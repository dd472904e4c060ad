package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.trebuchet.api.AccessControl;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in to the web UI with the OIDC authorization code flow and PKCE: {@code /login} sends the browser to the
 * provider with a fresh state, nonce and code challenge (kept in the store), {@code /auth/callback} exchanges the code
 * for an ID token, checks it like any bearer token plus its nonce, and starts a server-side session whose id is an
 * HttpOnly, SameSite=Lax cookie (Secure when served over https). {@code POST /logout} ends it.
 */
public final class LoginPages implements HttpResource {
    private static final Logger log = LoggerFactory.getLogger(LoginPages.class);
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Optional<OidcProvider> provider;
    private final SessionService sessions;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LoginPages(Optional<OidcProvider> provider, SessionService sessions) {
        this.provider = requireNonNull(provider, "provider is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/login", this::login);
        PageRoutes.get(routes, "/auth/callback", this::callback);
        PageRoutes.post(routes, "/logout", this::logout);
        PageRoutes.get(
                routes,
                "/logout",
                context -> page(
                        context,
                        200,
                        "Sign out",
                        "<form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>"));
        PageRoutes.get(
                routes,
                "/signed-out",
                context -> page(
                        context,
                        200,
                        "Signed out",
                        "<p>You are signed out. <a href=\"/login\">Sign in again</a>.</p>"));
    }

    private OidcProvider provider() {
        return provider.orElseThrow(() -> new TrebuchetException(
                ErrorCode.ROUTE_NOT_FOUND, "sign-in is not configured on this server (--auth-mode oidc)"));
    }

    private void login(Context context) {
        OidcProvider oidc = provider();
        String back = Optional.ofNullable(context.queryParam("return"))
                .filter(path -> path.startsWith("/") && !path.startsWith("//") && !path.contains("\\"))
                .orElse("/");
        SessionService.PendingLogin pending = sessions.begin(back);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", oidc.settings().clientId());
        parameters.put("redirect_uri", redirectUri(context));
        parameters.put("scope", String.join(" ", oidc.settings().scopes()));
        parameters.put("state", pending.state());
        parameters.put("nonce", pending.nonce());
        parameters.put("code_challenge", pending.codeChallenge());
        parameters.put("code_challenge_method", "S256");
        context.header("Cache-Control", "no-store");
        context.redirect(oidc.endpoints().authorization() + "?" + form(parameters), HttpStatus.SEE_OTHER);
    }

    private void callback(Context context) {
        OidcProvider oidc = provider();
        context.header("Cache-Control", "no-store");
        String error = context.queryParam("error");
        if (error != null) {
            page(
                    context,
                    401,
                    "Sign-in failed",
                    "<p>The identity provider refused the sign-in: " + escape(error)
                            + ". <a href=\"/login\">Try again</a>.</p>");
            return;
        }
        String state = Optional.ofNullable(context.queryParam("state")).orElse("");
        String code = Optional.ofNullable(context.queryParam("code")).orElse("");
        Optional<SessionService.Login> login = state.isEmpty() ? Optional.empty() : sessions.finish(state);
        if (login.isEmpty() || code.isEmpty()) {
            page(
                    context,
                    400,
                    "Sign-in expired",
                    "<p>This sign-in is unknown, finished already or too old."
                            + " <a href=\"/login\">Sign in again</a>.</p>");
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", redirectUri(context));
        parameters.put("client_id", oidc.settings().clientId());
        parameters.put("code_verifier", login.get().verifier());
        oidc.settings().clientSecret().ifPresent(secret -> parameters.put("client_secret", secret));
        String idToken = exchange(oidc.endpoints().token(), parameters);
        Identity identity;
        try {
            JWTClaimsSet claims = oidc.verify(idToken);
            Object nonce = claims.getClaim("nonce");
            if (!login.get().nonce().equals(nonce)) {
                throw new TrebuchetException(ErrorCode.UNAUTHENTICATED, "the ID token's nonce is not this sign-in's");
            }
            identity = oidc.identity(claims, Identity.Kind.SESSION);
        } catch (TrebuchetException e) {
            log.warn("Web sign-in refused: {}", e.getMessage());
            page(
                    context,
                    401,
                    "Sign-in failed",
                    "<p>" + escape(e.getMessage()) + ". <a href=\"/login\">Try again</a>.</p>");
            return;
        }
        String session = sessions.start(identity);
        context.cookie(AccessControl.sessionCookie(
                context, session, (int) sessions.lifetime().toSeconds()));
        log.info("{} signed in to the web UI", identity.email().orElse(identity.subject()));
        context.redirect(login.get().returnTo(), HttpStatus.SEE_OTHER);
    }

    private String exchange(URI endpoint, Map<String, String> parameters) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(form(parameters)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.mapper().readTree(response.body());
            if (response.statusCode() != 200 || !body.path("id_token").isTextual()) {
                throw new TrebuchetException(
                        ErrorCode.UNAUTHENTICATED,
                        "the identity provider did not give an ID token for the code (%d %s)"
                                .formatted(
                                        response.statusCode(),
                                        body.path("error").asText("")));
            }
            return body.path("id_token").asText();
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, "cannot reach the identity provider: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, "interrupted");
        }
    }

    private void logout(Context context) {
        String cookie = context.cookie(AccessControl.SESSION_COOKIE);
        if (cookie != null && !cookie.isEmpty()) {
            sessions.end(cookie);
        }
        context.removeCookie(AccessControl.SESSION_COOKIE, "/");
        context.header("Cache-Control", "no-store");
        context.redirect("/signed-out", HttpStatus.SEE_OTHER);
    }

    /** Where the provider sends the browser back: this server as the browser reached it (its Host is checked). */
    private static String redirectUri(Context context) {
        String scheme = AccessControl.secure(context) ? "https" : "http";
        return scheme + "://" + context.host() + "/auth/callback";
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void page(Context context, int status, String title, String body) {
        context.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        context.header("X-Content-Type-Options", "nosniff");
        context.header("Cache-Control", "no-store");
        context.status(status)
                .contentType("text/html; charset=utf-8")
                .result("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                        + " · Trebuchet</title><link rel=\"stylesheet\" href=\"/assets/trebuchet.css\"></head><body>"
                        + "<main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
