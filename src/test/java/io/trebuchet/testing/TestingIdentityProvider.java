package io.trebuchet.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.trebuchet.auth.OidcSettings;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OIDC provider (no.nav.security's mock-oauth2-server) on 127.0.0.1 and a free port: discovery, JWKS, token and
 * authorization endpoints. {@link #rotateKeys()} restarts it on the same port with a new signing key, as a provider
 * that rotates its keys.
 */
public final class TestingIdentityProvider implements AutoCloseable {
    public static final String ISSUER_ID = "trebuchet";
    public static final String CLIENT_ID = "trebuchet-ui";
    public static final String CLIENT_SECRET = "client-secret-7f3a9c1e5b2d4f6a";

    private final int port;
    private MockOAuth2Server server;

    private TestingIdentityProvider(int port) {
        this.port = port;
        this.server = start(port);
    }

    public static TestingIdentityProvider start() {
        return new TestingIdentityProvider(TestingSocket.freePort());
    }

    private static MockOAuth2Server start(int port) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(ISSUER_ID)
                    .generate();
            MockOAuth2Server server = new MockOAuth2Server(
                    new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(new KeyProvider(List.of(key)))));
            server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the identity provider", e);
        }
    }

    /** Stops the provider and starts it again on the same port with a new signing key. */
    public void rotateKeys() {
        server.shutdown();
        server = start(port);
    }

    public URI issuer() {
        return server.issuerUrl(ISSUER_ID).uri();
    }

    public OidcSettings settings() {
        return new OidcSettings(issuer(), CLIENT_ID, Optional.of(CLIENT_SECRET), List.of(), "groups", List.of(), "");
    }

    /** A token for {@code email} in {@code groups}, for the audience {@code audience}, valid for {@code lifetime}. */
    public String token(String email, List<String> groups, String audience, Duration lifetime) {
        return token(ISSUER_ID, email, groups, audience, lifetime, Map.of());
    }

    public String token(
            String issuerId,
            String email,
            List<String> groups,
            String audience,
            Duration lifetime,
            Map<String, Object> extraClaims) {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("email", email);
        claims.put("name", email.substring(0, email.indexOf('@')));
        claims.put("groups", groups);
        claims.putAll(extraClaims);
        return server.issueToken(
                        issuerId,
                        CLIENT_ID,
                        new DefaultOAuth2TokenCallback(
                                issuerId,
                                email,
                                JOSEObjectType.JWT.getType(),
                                List.of(audience),
                                claims,
                                lifetime.toSeconds()))
                .serialize();
    }

    /** The next sign-in at the authorization endpoint is {@code email} in {@code groups}. */
    public void nextSignIn(String email, List<String> groups) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER_ID,
                email,
                JOSEObjectType.JWT.getType(),
                List.of(CLIENT_ID),
                Map.of("email", email, "name", email.substring(0, email.indexOf('@')), "groups", groups),
                3600));
    }

    public Set<String> secrets() {
        return Set.of(CLIENT_SECRET);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
