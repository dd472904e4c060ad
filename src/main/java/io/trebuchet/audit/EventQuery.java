package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StorableTime;
import io.trebuchet.core.TrebuchetException;
import java.time.Instant;
import java.util.Optional;

/**
 * A page of the event log: events with an id greater than {@code after} (and below {@code before} when given), in
 * {@code order}, optionally filtered by application, environment, kind, actor (name or email, ignoring case) and time
 * ({@code since} inclusive, {@code until} exclusive).
 */
public record EventQuery(
        long after,
        int limit,
        Optional<AppName> application,
        Optional<EnvName> environment,
        Optional<EventKind> kind,
        Optional<String> actor,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<Long> before,
        Order order) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Which events come first. */
    public enum Order {
        OLDEST_FIRST,
        NEWEST_FIRST
    }

    public EventQuery {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(since, "since is null");
        requireNonNull(until, "until is null");
        since.ifPresent(instant -> StorableTime.check(instant, "since"));
        until.ifPresent(instant -> StorableTime.check(instant, "until"));
        requireNonNull(before, "before is null");
        requireNonNull(order, "order is null");
        if (after < 0) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "after must be 0 or a positive event id");
        }
        if (before.isPresent() && before.get() < 1) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "before must be a positive event id");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "limit must be between 1 and %d, got %d".formatted(MAX_LIMIT, limit));
        }
        actor = actor.map(String::trim).filter(text -> !text.isEmpty());
        if (actor.isPresent() && actor.get().length() > Actor.MAX_LENGTH) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "actor is longer than %d characters".formatted(Actor.MAX_LENGTH));
        }
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "since (%s) must be before until (%s)".formatted(since.get(), until.get()));
        }
    }

    /** The filters of the first version of the query: oldest first, any actor, any time. */
    public EventQuery(
            long after,
            int limit,
            Optional<AppName> application,
            Optional<EnvName> environment,
            Optional<EventKind> kind) {
        this(
                after,
                limit,
                application,
                environment,
                kind,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Order.OLDEST_FIRST);
    }

    public static EventQuery after(long after, int limit) {
        return new EventQuery(after, limit, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same filters for the page that follows {@code lastId}, the last event of this page. */
    public EventQuery next(long lastId) {
        return switch (order) {
            case OLDEST_FIRST ->
                new EventQuery(lastId, limit, application, environment, kind, actor, since, until, before, order);
            case NEWEST_FIRST ->
                new EventQuery(
                        after, limit, application, environment, kind, actor, since, until, Optional.of(lastId), order);
        };
    }
}
