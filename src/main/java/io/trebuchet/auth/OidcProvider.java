package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured OIDC provider: its discovery document, its signing keys (JWKS) and the checks of a JWT it issued.
 * Keys are cached; a token signed with a key the cache does not have (the provider rotated its keys) fetches them again,
 * at most once per {@link #MIN_REFRESH}, so that forged tokens cannot make Trebuchet flood the provider.
 */
public final class OidcProvider {
    private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);
    static final Duration MIN_REFRESH = Duration.ofSeconds(10);
    private static final Duration MAX_AGE = Duration.ofHours(1);
    /** Clocks drift: a token is accepted this long before its nbf and after its exp. */
    static final Duration LEEWAY = Duration.ofSeconds(30);

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    /** What the provider's discovery document says, of what Trebuchet uses. */
    public record Endpoints(
            URI authorization, URI token, URI jwks, Optional<URI> endSession, Optional<URI> deviceAuthorization) {}

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Endpoints endpoints;
    private JWKSet keys;
    private Instant keysFetchedAt = Instant.EPOCH;

    public OidcProvider(OidcSettings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public OidcSettings settings() {
        return settings;
    }

    /** The endpoints from the discovery document, fetched on first use. */
    public synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = discover();
        }
        return endpoints;
    }

    private Endpoints discover() {
        String base = settings.issuerString().replaceAll("/+$", "");
        URI discovery = URI.create(base + "/.well-known/openid-configuration");
        JsonNode document = getJson(discovery, "the discovery document");
        String issuer = document.path("issuer").asText("");
        if (!issuer.equals(settings.issuerString())) {
            throw unavailable("the discovery document at %s names the issuer '%s', not '%s'"
                    .formatted(discovery, issuer, settings.issuerString()));
        }
        return new Endpoints(
                uri(document, "authorization_endpoint").orElseThrow(() -> unavailable("no authorization_endpoint")),
                uri(document, "token_endpoint").orElseThrow(() -> unavailable("no token_endpoint")),
                uri(document, "jwks_uri").orElseThrow(() -> unavailable("no jwks_uri")),
                uri(document, "end_session_endpoint"),
                uri(document, "device_authorization_endpoint"));
    }

    private static Optional<URI> uri(JsonNode document, String field) {
        return Optional.of(document.path(field).asText(""))
                .filter(text -> !text.isBlank())
                .map(URI::create);
    }

    private JsonNode getJson(URI uri, String what) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw unavailable("%s at %s answered %d".formatted(what, uri, response.statusCode()));
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw unavailable("cannot fetch %s from %s: %s".formatted(what, uri, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted fetching " + what);
        }
    }

    private static TrebuchetException unavailable(String message) {
        return new TrebuchetException(
                ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, "the OIDC provider is not usable: " + message);
    }

    /** Checks a JWT: signature by a key of the provider, issuer, audience, expiry and not-before. */
    public JWTClaimsSet verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw invalid("the bearer token is not a signed JWT");
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw invalid("the token is signed with %s; only asymmetric signatures are accepted".formatted(algorithm));
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the token's claims are not valid JSON");
        }
        // The issuer first: a foreign token must not make Trebuchet fetch keys.
        if (!settings.issuerString().equals(claims.getIssuer())) {
            throw invalid("the token was issued by '%s', not by the configured issuer".formatted(claims.getIssuer()));
        }
        if (!signedByProvider(jwt, false) && !signedByProvider(jwt, true)) {
            throw invalid("the token's signature does not verify with the provider's keys");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            throw invalid("the token has no expiry (exp)");
        }
        if (!now.isBefore(claims.getExpirationTime().toInstant().plus(LEEWAY))) {
            throw invalid("the token expired at " + claims.getExpirationTime().toInstant());
        }
        if (claims.getNotBeforeTime() != null
                && now.isBefore(claims.getNotBeforeTime().toInstant().minus(LEEWAY))) {
            throw invalid(
                    "the token is not valid before " + claims.getNotBeforeTime().toInstant());
        }
        List<String> audience = claims.getAudience() == null ? List.of() : claims.getAudience();
        if (audience.stream().noneMatch(settings.audiences()::contains)) {
            throw invalid("the token is for the audience %s, not for %s".formatted(audience, settings.audiences()));
        }
        return claims;
    }

    private boolean signedByProvider(SignedJWT jwt, boolean refresh) {
        JWKSet set;
        synchronized (this) {
            Instant now = clock.instant();
            // A clock that went back (a corrected clock, a test) counts as long ago.
            Duration since = keys == null ? MAX_AGE.plusSeconds(1) : Duration.between(keysFetchedAt, now);
            boolean longAgo = since.isNegative() || since.compareTo(MIN_REFRESH) >= 0;
            boolean stale = keys == null || since.isNegative() || since.compareTo(MAX_AGE) > 0;
            if (refresh) {
                if (!longAgo) {
                    return false;
                }
                stale = true;
            }
            if (stale) {
                try {
                    keys = JWKSet.parse(
                            getJson(endpoints().jwks(), "the signing keys").toString());
                } catch (ParseException e) {
                    throw unavailable("the signing keys are not a JWK set: " + e.getMessage());
                }
                keysFetchedAt = now;
                log.debug("Fetched {} signing keys of {}", keys.getKeys().size(), settings.issuerString());
            }
            set = keys;
        }
        String keyId = jwt.getHeader().getKeyID();
        for (JWK key : candidates(set, keyId)) {
            try {
                Optional<JWSVerifier> verifier = verifier(key);
                if (verifier.isPresent() && jwt.verify(verifier.get())) {
                    return true;
                }
            } catch (JOSEException e) {
                log.debug("Key {} of {} does not verify: {}", key.getKeyID(), settings.issuerString(), e.getMessage());
            }
        }
        return false;
    }

    private static List<JWK> candidates(JWKSet set, String keyId) {
        List<JWK> keys = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if (keyId == null || keyId.equals(key.getKeyID())) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static Optional<JWSVerifier> verifier(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return Optional.of(new RSASSAVerifier(rsa));
        }
        if (key instanceof ECKey ec) {
            return Optional.of(new ECDSAVerifier(ec));
        }
        return Optional.empty();
    }

    /** The identity a verified token names, its groups from the configured claim. */
    public Identity identity(JWTClaimsSet claims, Identity.Kind kind) {
        String subject = Optional.ofNullable(claims.getSubject()).orElse("");
        if (subject.isBlank()) {
            throw invalid("the token has no subject (sub)");
        }
        Optional<String> email = stringClaim(claims, "email");
        String name = stringClaim(claims, "name")
                .or(() -> stringClaim(claims, "preferred_username"))
                .or(() -> email)
                .orElse(subject);
        return new Identity(kind, subject, name, email, groups(claims), Set.of(), Optional.empty());
    }

    private Set<String> groups(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.groupsClaim());
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof String text) {
            groups.add(text);
        } else if (value instanceof List<?> list) {
            list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .forEach(groups::add);
        }
        return groups;
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        return Optional.ofNullable(claims.getClaim(name))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(text -> !text.isBlank());
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.UNAUTHENTICATED, message);
    }
}
