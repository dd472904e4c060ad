package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trebuchet login}: signs a person in at a terminal and keeps the token for the server in the user's config
 * directory, owner-only (see {@link Credentials}); later commands send it when no {@code --token} is given.
 */
@Command(
        name = "login",
        description = {
            "Sign in to the server and keep the token for later commands, readable by you only, in"
                    + " $XDG_CONFIG_HOME/trebuchet/credentials.json (default ~/.config/trebuchet; TREBUCHET_CONFIG_DIR"
                    + " overrides).",
            "With the server's OIDC provider: the device flow (a code to enter on any device) where the provider"
                    + " offers it, otherwise a browser on this machine (authorization code with PKCE, answered on"
                    + " 127.0.0.1). With --token (or TREBUCHET_TOKEN): checks that API token and keeps it."
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet login --url https://trebuchet.example.com",
            "  trebuchet login --browser",
            "  trebuchet login --token \"$TOKEN\"     # keep an API token an administrator created",
            "  trebuchet logout"
        })
final class LoginCommand extends ClientCommand {
    static final String KIND_OIDC = "oidc";
    static final String KIND_API_TOKEN = "api-token";

    @Option(
            names = "--browser",
            description = "Sign in with a browser on this machine even where the provider offers the device flow.")
    boolean browser;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            defaultValue = "5m",
            description =
                    "How long to wait for the sign-in in the browser or on the device (default ${DEFAULT-VALUE}).")
    String waitText;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        ClientSettings settings = client.settings();
        Duration wait = ClientSettings.timeout(waitText);
        Credentials.Entry entry;
        JsonNode identity;
        if (settings.token().isPresent() && !settings.tokenStored()) {
            identity = client.get("/api/v1/auth/whoami");
            if (!identity.has("name")) {
                throw usage("the server at %s does not check tokens (authentication: %s); there is nothing to keep"
                        .formatted(
                                settings.url(), identity.path("authentication").asText()));
            }
            entry = new Credentials.Entry(
                    settings.token().get(),
                    KIND_API_TOKEN,
                    identity.path("name").asText(),
                    Optional.empty());
        } else {
            JsonNode config = new TrebuchetClient(settings.withoutToken()).get("/api/v1/auth/config");
            if (!config.path("issuer").isTextual()) {
                throw CommandFailure.refused(
                        "SIGN_IN_UNAVAILABLE",
                        ("the server at %s offers no sign-in (authentication: %s); ask an administrator for an API"
                                        + " token and run 'trebuchet login --token TOKEN'")
                                .formatted(settings.url(), config.path("mode").asText("none")),
                        config);
            }
            List<String> scopes = new ArrayList<>();
            config.path("scopes").forEach(scope -> scopes.add(scope.asText()));
            String clientId = config.path("clientId").asText();
            OidcLogin login = new OidcLogin(settings.timeout());
            OidcLogin.Provider provider = login.discover(config.path("issuer").asText());
            OidcLogin.Tokens tokens = provider.deviceAuthorization().isPresent() && !browser
                    ? login.device(provider, clientId, scopes, output::error)
                    : login.loopback(provider, clientId, scopes, wait, output::error);
            identity = new TrebuchetClient(settings.withToken(tokens.idToken())).get("/api/v1/auth/whoami");
            entry = new Credentials.Entry(
                    tokens.idToken(),
                    KIND_OIDC,
                    identity.path("email").asText(identity.path("name").asText()),
                    tokens.expiresAt());
        }
        Credentials credentials = settings.credentials();
        credentials.save(settings.url(), entry);
        if (output.isJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("server", settings.url().toString());
            body.put("kind", entry.kind());
            body.put("identity", identity);
            entry.expiresAt().map(Instant::toString).ifPresent(expiry -> body.put("expiresAt", expiry));
            body.put("credentials", credentials.file().toString());
            output.json(body);
            return Main.EXIT_OK;
        }
        List<String> roles = new ArrayList<>();
        identity.path("roles").forEach(role -> roles.add(role.asText()));
        output.line("Signed in to %s as %s (roles: %s)."
                .formatted(settings.url(), entry.identity(), roles.isEmpty() ? "none" : String.join(", ", roles)));
        output.line("The token is kept in %s, readable by you only%s."
                .formatted(
                        credentials.file(),
                        entry.expiresAt()
                                .map(expiry -> "; it expires at " + expiry + ", then run 'trebuchet login' again")
                                .orElse("")));
        return Main.EXIT_OK;
    }
}
