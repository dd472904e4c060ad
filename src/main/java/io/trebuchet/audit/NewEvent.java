package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.util.Optional;

/** An event a command is about to append: its id and time are given when the transaction commits. */
public record NewEvent(
        EventKind kind, Optional<AppName> application, Optional<EnvName> environment, EventPayload payload) {
    public NewEvent {
        requireNonNull(kind, "kind is null");
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(payload, "payload is null");
        if (!kind.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException("a %s event carries a %s, not a %s"
                    .formatted(
                            kind,
                            kind.payloadType().getSimpleName(),
                            payload.getClass().getSimpleName()));
        }
    }

    public static NewEvent of(EventKind kind, AppName application, EnvName environment, EventPayload payload) {
        return new NewEvent(kind, Optional.of(application), Optional.of(environment), payload);
    }

    public static NewEvent ofApplication(EventKind kind, AppName application, EventPayload payload) {
        return new NewEvent(kind, Optional.of(application), Optional.empty(), payload);
    }

    public static NewEvent ofEnvironment(EventKind kind, EnvName environment, EventPayload payload) {
        return new NewEvent(kind, Optional.empty(), Optional.of(environment), payload);
    }
}
