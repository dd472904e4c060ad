package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens: created by an administrator and shown once, kept only as a SHA-256 hash (a token is 256 random bits, so
 * a plain hash cannot be reversed by guessing), listed without the secret, revoked, and checked on every request.
 * Creating and revoking are events of the audit log ({@code TOKEN_CREATED}, {@code TOKEN_REVOKED}) with the
 * administrator as actor.
 */
public final class TokenService {
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    /** Tokens start with this, so that secret scanners (and people) recognise one. */
    public static final String PREFIX = "trb_";
    /** How often a token's last-used time is written: not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Database database;
    private final EventLog events;
    private final TokenStore store = new TokenStore();
    private final Clock clock;
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();

    public TokenService(Database database, EventLog events, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new token and the secret to hand to its user; the secret is not kept anywhere. */
    public record Created(ApiToken token, String secret) {
        public Created {
            requireNonNull(token, "token is null");
            requireNonNull(secret, "secret is null");
        }
    }

    public Created create(TokenRequest request, Actor actor) {
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        String secret = Secrets.random(PREFIX);
        Instant now = clock.instant();
        Optional<Instant> expiresAt = request.expiry(now);
        ApiToken token = database.inTransaction(transaction -> {
            if (store.nameTaken(transaction.handle(), request.name())) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "a token named '%s' exists already (names of revoked tokens stay taken)"
                                .formatted(request.name()),
                        Map.of("field", "name"));
            }
            long id =
                    store.insert(transaction.handle(), request, Secrets.sha256(secret), actor.email(), now, expiresAt);
            ApiToken created = store.findByName(transaction.handle(), request.name())
                    .orElseThrow(() -> new IllegalStateException("token " + id + " vanished in its own transaction"));
            events.append(transaction, actor, event(EventKind.TOKEN_CREATED, created));
            return created;
        });
        log.info(
                "API token '{}' (id {}) created by {} with roles {}",
                token.name(),
                token.id(),
                actor.email(),
                token.roles());
        return new Created(token, secret);
    }

    private static NewEvent event(EventKind kind, ApiToken token) {
        return new NewEvent(
                kind,
                Optional.empty(),
                Optional.empty(),
                new EventPayload.TokenChanged(
                        token.name(),
                        token.roles().stream().sorted().toList(),
                        token.teams().map(teams -> teams.stream().sorted().toList()),
                        token.expiresAt()));
    }

    public List<ApiToken> list() {
        return database.read(store::list);
    }

    public ApiToken revoke(String name, Actor actor) {
        requireNonNull(actor, "actor is null");
        ApiToken revoked = database.inTransaction(transaction -> {
            ApiToken token = store.findByName(transaction.handle(), name)
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.TOKEN_NOT_FOUND, "no API token is named '%s'".formatted(name)));
            if (token.revokedAt().isPresent()) {
                return token;
            }
            store.revoke(transaction.handle(), token.id(), clock.instant(), actor.email());
            ApiToken revokedNow = store.findByName(transaction.handle(), name).orElseThrow();
            events.append(transaction, actor, event(EventKind.TOKEN_REVOKED, revokedNow));
            return revokedNow;
        });
        log.info("API token '{}' (id {}) revoked by {}", revoked.name(), revoked.id(), actor.email());
        return revoked;
    }

    /** The identity of an active token with this secret. */
    public Optional<Identity> authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = database.read(handle -> store.findByHash(handle, Secrets.sha256(secret)))
                .filter(found -> found.active(now));
        token.ifPresent(found -> touch(found, now));
        return token.map(ApiToken::identity);
    }

    private void touch(ApiToken token, Instant now) {
        Instant last = touched.get(token.id());
        if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        touched.put(token.id(), now);
        database.inTransaction(transaction -> {
            store.touch(transaction.handle(), token.id(), now);
            return null;
        });
    }
}
