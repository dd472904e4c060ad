package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side web sessions and the sign-ins under way, both in the store so that every replica knows them. A session's
 * cookie value is 256 random bits; the store keeps its SHA-256.
 */
public final class SessionService {
    public static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);
    private static final String PREFIX = "trs_";

    private final Database database;
    private final SessionStore store = new SessionStore();
    private final Clock clock;
    private final Duration lifetime;

    public SessionService(Database database, Clock clock, Duration lifetime) {
        this.database = requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A sign-in about to go to the provider: the state, the PKCE challenge and the nonce to send. */
    public record PendingLogin(String state, String codeChallenge, String nonce) {}

    /** A finished sign-in's secrets, taken back by its state. */
    public record Login(String verifier, String nonce, String returnTo) {}

    public PendingLogin begin(String returnTo) {
        String state = Secrets.random("");
        String verifier = Secrets.random("");
        String nonce = Secrets.random("");
        Instant now = clock.instant();
        database.inTransaction(transaction -> {
            store.deleteExpired(transaction.handle(), now);
            store.insertLogin(
                    transaction.handle(),
                    Secrets.sha256(state),
                    new SessionStore.Login(verifier, nonce, returnTo, now.plus(LOGIN_TIMEOUT)));
            return null;
        });
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Secrets.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return new PendingLogin(state, challenge, nonce);
    }

    /** The sign-in this state began, once; empty when unknown, finished already or too old. */
    public Optional<Login> finish(String state) {
        Instant now = clock.instant();
        return database.inTransaction(transaction -> store.takeLogin(transaction.handle(), Secrets.sha256(state)))
                .filter(login -> login.expiresAt().isAfter(now))
                .map(login -> new Login(login.verifier(), login.nonce(), login.returnTo()));
    }

    /** Starts a session for {@code identity}; returns the cookie's value. */
    public String start(Identity identity) {
        String id = Secrets.random(PREFIX);
        Instant now = clock.instant();
        database.inTransaction(transaction -> {
            store.insertSession(transaction.handle(), Secrets.sha256(id), identity, now, now.plus(lifetime));
            return null;
        });
        return id;
    }

    public Optional<Identity> find(String cookie) {
        if (!cookie.startsWith(PREFIX) || cookie.length() > 100) {
            return Optional.empty();
        }
        return database.read(handle -> store.findSession(handle, Secrets.sha256(cookie), clock.instant()));
    }

    public void end(String cookie) {
        database.inTransaction(transaction -> {
            store.deleteSession(transaction.handle(), Secrets.sha256(cookie));
            return null;
        });
    }
}
