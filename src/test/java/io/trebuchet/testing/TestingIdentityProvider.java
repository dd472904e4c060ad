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
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
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
    private final Optional<DeviceFlow> deviceFlow;
    private MockOAuth2Server server;

    private TestingIdentityProvider(int port, Optional<DeviceFlow> deviceFlow) {
        this.port = port;
        this.deviceFlow = deviceFlow;
        this.server = start(port, deviceFlow);
        deviceFlow.ifPresent(flow -> flow.server.set(server));
    }

    public static TestingIdentityProvider start() {
        return new TestingIdentityProvider(TestingSocket.freePort(), Optional.empty());
    }

    /**
     * A provider that also offers the device authorization flow (RFC 8628), which mock-oauth2-server lacks: its
     * discovery document names a {@code device_authorization_endpoint}, which hands out codes, and its token endpoint
     * answers {@code authorization_pending} for a code until {@link #approveNextDevice} signs a person in on it; the
     * tokens are then issued and signed by mock-oauth2-server itself.
     */
    public static TestingIdentityProvider startWithDeviceFlow() {
        return new TestingIdentityProvider(TestingSocket.freePort(), Optional.of(new DeviceFlow()));
    }

    private static MockOAuth2Server start(int port, Optional<DeviceFlow> deviceFlow) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(ISSUER_ID)
                    .generate();
            OAuth2Config config =
                    new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(new KeyProvider(List.of(key))));
            MockOAuth2Server server = deviceFlow
                    .map(flow -> new MockOAuth2Server(config, flow.routes()))
                    .orElseGet(() -> new MockOAuth2Server(config));
            server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the identity provider", e);
        }
    }

    /** Stops the provider and starts it again on the same port with a new signing key. */
    public void rotateKeys() {
        server.shutdown();
        server = start(port, deviceFlow);
        deviceFlow.ifPresent(flow -> flow.server.set(server));
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

    /**
     * Waits for the next device code a client asks for and signs {@code email} in on it, as a person who entered the
     * user code at the provider; the code's user code.
     */
    public String approveNextDevice(String email, List<String> groups, Duration wait) {
        DeviceFlow flow = deviceFlow.orElseThrow(() -> new IllegalStateException("started without the device flow"));
        try {
            String deviceCode = flow.requested.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (deviceCode == null) {
                throw new AssertionError("no client asked for a device code within " + wait);
            }
            flow.approved.put(
                    deviceCode,
                    new DefaultOAuth2TokenCallback(
                            ISSUER_ID,
                            email,
                            JOSEObjectType.JWT.getType(),
                            List.of(CLIENT_ID),
                            Map.of("email", email, "name", email.substring(0, email.indexOf('@')), "groups", groups),
                            3600));
            return flow.userCodes.get(deviceCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The device flow's endpoints, routed before mock-oauth2-server's own. */
    private static final class DeviceFlow {
        private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
        final java.util.concurrent.atomic.AtomicReference<MockOAuth2Server> server =
                new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.BlockingQueue<String> requested = new java.util.concurrent.LinkedBlockingQueue<>();
        final Map<String, String> userCodes = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, DefaultOAuth2TokenCallback> approved = new java.util.concurrent.ConcurrentHashMap<>();

        Route[] routes() {
            return new Route[] {
                route("GET", "/" + ISSUER_ID + "/.well-known/openid-configuration", this::discovery),
                route("POST", "/" + ISSUER_ID + "/device_authorization", this::deviceAuthorization),
                new Route() {
                    @Override
                    public boolean match(OAuth2HttpRequest request) {
                        return request.getMethod().equals("POST")
                                && request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/token")
                                && GRANT.equals(form(request).get("grant_type"));
                    }

                    @Override
                    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                        return deviceToken(request);
                    }
                }
            };
        }

        private OAuth2HttpResponse discovery(OAuth2HttpRequest request) {
            String issuer = server.get().issuerUrl(ISSUER_ID).toString();
            Map<String, Object> document = new java.util.LinkedHashMap<>();
            document.put("issuer", issuer);
            document.put("authorization_endpoint", issuer + "/authorize");
            document.put("token_endpoint", issuer + "/token");
            document.put("jwks_uri", issuer + "/jwks");
            document.put("end_session_endpoint", issuer + "/endsession");
            document.put("device_authorization_endpoint", issuer + "/device_authorization");
            document.put("grant_types_supported", List.of("authorization_code", GRANT));
            document.put("response_types_supported", List.of("code"));
            document.put("subject_types_supported", List.of("public"));
            document.put("id_token_signing_alg_values_supported", List.of("RS256"));
            document.put("code_challenge_methods_supported", List.of("S256"));
            return json(200, document);
        }

        private OAuth2HttpResponse deviceAuthorization(OAuth2HttpRequest request) {
            String deviceCode = java.util.UUID.randomUUID().toString();
            String userCode = deviceCode.substring(0, 4).toUpperCase(java.util.Locale.ROOT) + "-"
                    + deviceCode.substring(4, 8).toUpperCase(java.util.Locale.ROOT);
            userCodes.put(deviceCode, userCode);
            requested.add(deviceCode);
            String issuer = server.get().issuerUrl(ISSUER_ID).toString();
            return json(
                    200,
                    Map.of(
                            "device_code",
                            deviceCode,
                            "user_code",
                            userCode,
                            "verification_uri",
                            issuer + "/device",
                            "expires_in",
                            120,
                            "interval",
                            1));
        }

        private OAuth2HttpResponse deviceToken(OAuth2HttpRequest request) {
            Map<String, String> form = form(request);
            String deviceCode = form.getOrDefault("device_code", "");
            if (!userCodes.containsKey(deviceCode)) {
                return json(400, Map.of("error", "invalid_grant"));
            }
            DefaultOAuth2TokenCallback callback = approved.remove(deviceCode);
            if (callback == null) {
                return json(400, Map.of("error", "authorization_pending"));
            }
            userCodes.remove(deviceCode);
            String token = server.get()
                    .issueToken(ISSUER_ID, form.getOrDefault("client_id", CLIENT_ID), callback)
                    .serialize();
            return json(
                    200, Map.of("id_token", token, "access_token", token, "token_type", "Bearer", "expires_in", 3600));
        }

        private static Route route(
                String method,
                String path,
                java.util.function.Function<OAuth2HttpRequest, OAuth2HttpResponse> handler) {
            return new Route() {
                @Override
                public boolean match(OAuth2HttpRequest request) {
                    return request.getMethod().equals(method)
                            && request.getUrl().encodedPath().equals(path);
                }

                @Override
                public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
                    return handler.apply(request);
                }
            };
        }

        private static Map<String, String> form(OAuth2HttpRequest request) {
            Map<String, String> form = new java.util.HashMap<>();
            String body = request.getBody() == null ? "" : request.getBody();
            for (String pair : body.split("&", -1)) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.put(
                            java.net.URLDecoder.decode(
                                    pair.substring(0, equals), java.nio.charset.StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(
                                    pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return form;
        }

        private static OAuth2HttpResponse json(int status, Map<String, Object> body) {
            return new OAuth2HttpResponse(
                    okhttp3.Headers.of("Content-Type", "application/json"),
                    status,
                    io.trebuchet.core.Json.write(body),
                    null);
        }
    }

    public Set<String> secrets() {
        return Set.of(CLIENT_SECRET);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
