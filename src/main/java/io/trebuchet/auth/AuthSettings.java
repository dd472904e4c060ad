package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How the server authenticates and authorizes: the mode, the RBAC policy and team permissions, the OIDC provider, the
 * bootstrap token (kept as its hash only), the limit on failed sign-ins, the web session lifetime, and the signatures
 * it checks. {@link #insecureNoAuth} is the operator's explicit choice to serve other machines without any of it.
 */
public record AuthSettings(
        Mode mode,
        RbacPolicy policy,
        Optional<TeamPermissions> teams,
        Optional<OidcSettings> oidc,
        Optional<String> bootstrapTokenHash,
        int maxFailures,
        Duration failureWindow,
        Duration sessionLifetime,
        Signatures signatures,
        boolean insecureNoAuth) {

    public enum Mode {
        /** Nobody is asked who they are: for a server that only this machine reaches. */
        NONE,
        /** API tokens (and the bootstrap token). */
        TOKEN,
        /** API tokens, OIDC bearer JWTs, and OIDC sign-in for the web UI. */
        OIDC
    }

    public static final int DEFAULT_MAX_FAILURES = 20;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(12);

    /** No authentication: the default on loopback, and what tests of other features run with. */
    public static final AuthSettings NONE = new AuthSettings(
            Mode.NONE,
            RbacPolicy.EMPTY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            DEFAULT_MAX_FAILURES,
            DEFAULT_FAILURE_WINDOW,
            DEFAULT_SESSION_LIFETIME,
            Signatures.NONE,
            false);

    public AuthSettings {
        requireNonNull(mode, "mode is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(teams, "teams is null");
        requireNonNull(oidc, "oidc is null");
        requireNonNull(bootstrapTokenHash, "bootstrapTokenHash is null");
        requireNonNull(failureWindow, "failureWindow is null");
        requireNonNull(sessionLifetime, "sessionLifetime is null");
        requireNonNull(signatures, "signatures is null");
        if (mode == Mode.OIDC && oidc.isEmpty()) {
            throw new IllegalArgumentException(
                    "OIDC authentication needs an issuer and a client id (--oidc-issuer," + " --oidc-client-id)");
        }
        if (mode != Mode.OIDC && oidc.isPresent()) {
            throw new IllegalArgumentException("an OIDC issuer is configured but the authentication mode is "
                    + mode.name().toLowerCase(java.util.Locale.ROOT) + "; use --auth-mode oidc");
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("the limit of failed sign-ins must be at least 1");
        }
        if (mode != Mode.NONE && insecureNoAuth) {
            throw new IllegalArgumentException("--insecure-no-auth contradicts --auth-mode " + mode);
        }
    }

    /** The same settings with a bootstrap token: only its SHA-256 is kept. */
    public AuthSettings withBootstrapToken(String token) {
        if (token.length() < 32) {
            throw new IllegalArgumentException("the bootstrap token must be at least 32 characters long");
        }
        return new AuthSettings(
                mode,
                policy,
                teams,
                oidc,
                Optional.of(Secrets.sha256(token)),
                maxFailures,
                failureWindow,
                sessionLifetime,
                signatures,
                insecureNoAuth);
    }

    public boolean enabled() {
        return mode != Mode.NONE;
    }

    /** What the startup log says about authentication. */
    public String describe() {
        return switch (mode) {
            case NONE -> insecureNoAuth ? "none (--insecure-no-auth)" : "none";
            case TOKEN -> "API tokens";
            case OIDC -> "API tokens and OIDC (" + oidc.orElseThrow().issuerString() + ")";
        };
    }
}
