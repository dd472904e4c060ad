package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.Guard;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.auth.Action;
import io.trebuchet.auth.ApiToken;
import io.trebuchet.auth.Scope;
import io.trebuchet.auth.TokenRequest;
import io.trebuchet.auth.TokenService;
import io.trebuchet.core.TrebuchetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code /tokens}: API tokens for CI and automation, listed without their secrets, created (the secret is shown once,
 * on the page that answers the creation) and revoked. A person the policy does not allow ManageTokens sees the form
 * disabled with the reason instead of the list.
 */
final class TokensPage implements HttpResource {
    private final Pages pages;
    private final TokenService tokens;

    TokensPage(Pages pages, TokenService tokens) {
        this.pages = requireNonNull(pages, "pages is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/tokens", pages.handler(context -> render(context, 200, Optional.empty(), Form.EMPTY)));
        PageRoutes.post(routes, "/tokens", pages.handler(this::create));
        PageRoutes.post(routes, "/tokens/revoke", pages.handler(this::revoke));
    }

    /** One token as the table shows it, its times as pages print them. */
    record Row(
            String name,
            String roles,
            String teams,
            String createdBy,
            String created,
            String expires,
            String lastUsed,
            boolean revoked) {
        Row {
            requireNonNull(name, "name is null");
        }

        static Row of(ApiToken token) {
            return new Row(
                    token.name(),
                    String.join(", ", new TreeSet<>(token.roles())),
                    token.teams()
                            .map(teams -> String.join(", ", new TreeSet<>(teams)))
                            .orElse("all"),
                    token.createdBy(),
                    Age.time(token.createdAt()),
                    token.expiresAt().map(Age::time).orElse("never"),
                    token.lastUsedAt().map(Age::time).orElse("never"),
                    token.revokedAt().isPresent());
        }
    }

    /** The creation form's labels by the API field each fills, so that a refusal names the field as shown. */
    static final Map<String, String> LABELS =
            Map.of("name", "Name", "roles", "Roles", "teams", "Teams", "expiresIn", "Expires in");

    /** The creation form as the person filled it in, shown again beside a refusal so that it can be corrected. */
    record Form(String name, String roles, String teams, String expiresIn) {
        static final Form EMPTY = new Form("", "", "", "");

        Form {
            requireNonNull(name, "name is null");
            requireNonNull(roles, "roles is null");
            requireNonNull(teams, "teams is null");
            requireNonNull(expiresIn, "expiresIn is null");
        }

        static Form of(Context context) {
            return new Form(
                    field(context, "name"),
                    field(context, "roles"),
                    field(context, "teams"),
                    field(context, "expiresIn"));
        }
    }

    /** The page: the table (when allowed), the creation form, a message, and a new token's secret once. */
    record View(
            Chrome chrome,
            Optional<String> refusal,
            boolean authenticationOn,
            List<Row> tokens,
            Optional<Message> message,
            Optional<String> secret,
            Form form) {
        View {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(refusal, "refusal is null");
            tokens = List.copyOf(tokens);
            requireNonNull(message, "message is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(form, "form is null");
        }
    }

    private void create(Context context) {
        Form form = Form.of(context);
        try {
            pages.checkForm(context);
            TokenRequest request = new TokenRequest(
                    form.name(),
                    list(form.roles()),
                    Optional.of(list(form.teams())).filter(teams -> !teams.isEmpty()),
                    Optional.of(form.expiresIn()).filter(text -> !text.isEmpty()));
            TokenService.Created created = tokens.create(request, Requests.actor(context));
            render(
                    context,
                    201,
                    Optional.of(
                            Message.done("Created the API token '%s'. Copy its secret now: it is shown only this once."
                                    .formatted(created.token().name()))),
                    Form.EMPTY,
                    Optional.of(created.secret()));
        } catch (TrebuchetException e) {
            render(context, e.code().httpStatus(), Optional.of(Message.error(ErrorSentences.of(e, LABELS))), form);
        }
    }

    private void revoke(Context context) {
        try {
            pages.checkForm(context);
            ApiToken revoked = tokens.revoke(field(context, "name"), Requests.actor(context));
            render(
                    context,
                    200,
                    Optional.of(Message.done(
                            "Revoked the API token '%s'; it no longer signs anyone in.".formatted(revoked.name()))),
                    Form.EMPTY);
        } catch (TrebuchetException e) {
            render(
                    context,
                    e.code().httpStatus(),
                    Optional.of(Message.error(ErrorSentences.of(e, LABELS))),
                    Form.EMPTY);
        }
    }

    private void render(Context context, int status, Optional<Message> message, Form form) {
        render(context, status, message, form, Optional.empty());
    }

    private void render(Context context, int status, Optional<Message> message, Form form, Optional<String> secret) {
        Guard guard = Guard.of(context);
        Optional<String> refusal = guard.refusal(Action.MANAGE_TOKENS, Scope.GLOBAL);
        List<Row> rows = refusal.isPresent()
                ? List.of()
                : tokens.list().stream().map(Row::of).toList();
        pages.render(
                context,
                status,
                Template.TOKENS,
                new View(
                        pages.chrome(context, "API tokens", Nav.TOKENS),
                        refusal.map(reason -> "You may not manage API tokens: " + reason),
                        guard.enabled(),
                        rows,
                        message,
                        secret,
                        form));
    }

    private static String field(Context context, String name) {
        return Optional.ofNullable(context.formParam(name)).map(String::strip).orElse("");
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split("[,\\s]+", -1))
                .filter(value -> !value.isEmpty())
                .toList();
    }
}
