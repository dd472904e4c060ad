package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the credentials a request carries into an identity: a bearer token (the bootstrap token, an API token, or a
 * JWT of the OIDC issuer) or a web session's cookie. Refuses credentials that do not prove anything with
 * {@code UNAUTHENTICATED}, saying why (expired, foreign issuer, ...) but never repeating the credential.
 */
public final class Authenticator {
    private final AuthSettings settings;
    private final TokenService tokens;
    private final Optional<OidcProvider> oidc;
    private final SessionService sessions;

    public Authenticator(
            AuthSettings settings, TokenService tokens, Optional<OidcProvider> oidc, SessionService sessions) {
        this.settings = requireNonNull(settings, "settings is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.oidc = requireNonNull(oidc, "oidc is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public Identity bearer(String token) {
        if (token.isBlank() || token.length() > 16 * 1024) {
            throw unauthenticated("the bearer token is empty or too long");
        }
        if (settings.bootstrapTokenHash().isPresent()
                && Secrets.same(settings.bootstrapTokenHash().get(), Secrets.sha256(token))) {
            return new Identity(
                    Identity.Kind.BOOTSTRAP,
                    "bootstrap",
                    "bootstrap",
                    Optional.empty(),
                    Set.of(),
                    Set.of(),
                    Optional.empty());
        }
        if (token.startsWith(TokenService.PREFIX)) {
            return tokens.authenticate(token)
                    .orElseThrow(() -> unauthenticated("the API token is unknown, revoked or expired"));
        }
        OidcProvider provider = oidc.orElseThrow(
                () -> unauthenticated("the bearer token is not an API token (and no OIDC issuer is configured)"));
        return provider.identity(provider.verify(token), Identity.Kind.BEARER);
    }

    public Optional<Identity> session(String cookie) {
        return sessions.find(cookie);
    }

    static TrebuchetException unauthenticated(String message) {
        return new TrebuchetException(ErrorCode.UNAUTHENTICATED, message);
    }
}
