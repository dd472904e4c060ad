package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.time.Instant;
import java.util.Optional;

/** One accepted change, as stored in the event log. */
public record Event(
        long id,
        Instant time,
        Actor actor,
        EventKind kind,
        Optional<AppName> application,
        Optional<EnvName> environment,
        EventPayload payload) {
    public Event {
        requireNonNull(time, "time is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(payload, "payload is null");
    }
}
