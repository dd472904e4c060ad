package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.AccessControl;
import io.trebuchet.api.Guard;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Authentication's API: how clients sign in ({@code GET /api/v1/auth/config}, open), who the caller is
 * ({@code GET /api/v1/auth/whoami}), and API tokens ({@code /api/v1/tokens}: create, list, revoke; the action
 * {@code ManageTokens}). A created token's secret is in the answer to its creation and nowhere else.
 */
public final class AuthResource implements HttpResource {
    private final AccessControl access;
    private final TokenService tokens;

    public AuthResource(AccessControl access, TokenService tokens) {
        this.access = requireNonNull(access, "access is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/auth/config", context -> context.json(access.clientConfig()));
        routes.get("/api/v1/auth/whoami", this::whoami);
        routes.get("/api/v1/tokens", context -> context.json(Map.of("tokens", tokens.list())));
        routes.post("/api/v1/tokens", this::create);
        routes.delete(
                "/api/v1/tokens/{name}",
                context -> context.json(
                        Map.of("revoked", tokens.revoke(context.pathParam("name"), Requests.actor(context)))));
    }

    private void whoami(Context context) {
        Guard guard = Guard.of(context);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authentication", access.settings().mode().name().toLowerCase(java.util.Locale.ROOT));
        guard.identity().ifPresent(identity -> {
            body.put("kind", identity.kind().name().toLowerCase(java.util.Locale.ROOT));
            body.put("name", identity.name());
            identity.email().ifPresent(email -> body.put("email", email));
            body.put("groups", new TreeSet<>(identity.groups()));
            body.put(
                    "roles",
                    new TreeSet<>(new Authorizer(
                                    access.settings().policy(),
                                    access.settings().teams())
                            .roles(identity)));
            identity.teams().ifPresent(teams -> body.put("teams", new TreeSet<>(teams)));
        });
        body.put("actor", Requests.actor(context));
        context.json(body);
    }

    private void create(Context context) {
        TokenRequest request = Requests.body(context, TokenRequest.class, "token request");
        TokenService.Created created = tokens.create(request, Requests.actor(context));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", created.token());
        body.put("secret", created.secret());
        context.header("Cache-Control", "no-store");
        context.status(201).json(body);
    }
}
