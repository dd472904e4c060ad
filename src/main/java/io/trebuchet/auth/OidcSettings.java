package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The OIDC provider Trebuchet trusts: its issuer (discovery at {@code <issuer>/.well-known/openid-configuration}), the
 * client the web UI signs in with, the audiences a bearer JWT may carry (the client id when none are given), the
 * claim that lists a person's groups, the scopes asked for, and the client id {@code trebuchet login} signs in with (a
 * public client: the device flow, or the authorization code flow with PKCE and a loopback redirect).
 */
public record OidcSettings(
        URI issuer,
        String clientId,
        Optional<String> clientSecret,
        List<String> audiences,
        String groupsClaim,
        List<String> scopes,
        String cliClientId) {
    public static final String DEFAULT_GROUPS_CLAIM = "groups";
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email", "groups");

    public OidcSettings {
        requireNonNull(issuer, "issuer is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(clientSecret, "clientSecret is null");
        requireNonNull(groupsClaim, "groupsClaim is null");
        requireNonNull(cliClientId, "cliClientId is null");
        if (!"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
            throw new IllegalArgumentException("the OIDC issuer is an http(s) URL, got " + issuer);
        }
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("the OIDC client id is missing");
        }
        cliClientId = cliClientId.isBlank() ? clientId : cliClientId;
        // Without audiences given, the tokens of both clients are accepted: the web UI's and the one `trebuchet login`
        // signs in with.
        audiences = requireNonNull(audiences, "audiences is null").isEmpty()
                ? List.copyOf(new java.util.LinkedHashSet<>(List.of(clientId, cliClientId)))
                : List.copyOf(audiences);
        scopes = requireNonNull(scopes, "scopes is null").isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    }

    /** The issuer as tokens carry it: without a trailing slash added or removed. */
    public String issuerString() {
        return issuer.toString();
    }

    @Override
    public String toString() {
        // Never the client secret.
        return "OidcSettings[issuer=%s, clientId=%s, audiences=%s, groupsClaim=%s]"
                .formatted(issuer, clientId, audiences, groupsClaim);
    }
}
