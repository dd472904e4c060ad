package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Optional;

/** A page of the event log: events with an id greater than {@code after}, oldest first, optionally filtered. */
public record EventQuery(
        long after, int limit, Optional<AppName> application, Optional<EnvName> environment, Optional<EventKind> kind) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(kind, "kind is null");
        if (after < 0) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "after must be 0 or a positive event id");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "limit must be between 1 and %d, got %d".formatted(MAX_LIMIT, limit));
        }
    }

    public static EventQuery after(long after, int limit) {
        return new EventQuery(after, limit, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
