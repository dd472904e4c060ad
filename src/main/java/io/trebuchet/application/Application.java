package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A deployable service, with the team and the stack it belongs to. */
public record Application(
        AppName name, Optional<TeamName> team, Optional<StackName> stack, Instant createdAt, Instant updatedAt) {
    public Application {
        requireNonNull(name, "name is null");
        requireNonNull(team, "team is null");
        requireNonNull(stack, "stack is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public static TrebuchetException notFound(AppName name) {
        return new TrebuchetException(
                ErrorCode.APPLICATION_NOT_FOUND,
                "application %s does not exist".formatted(name),
                Map.of("application", name.value()));
    }
}
