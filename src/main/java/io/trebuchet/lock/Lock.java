package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A lock in one environment: on the whole environment, on one application, or on one team's applications. A lock
 * created for an environment group is an environment lock on each member, with the group named.
 */
public record Lock(
        LockKind kind,
        EnvName environment,
        Optional<AppName> application,
        Optional<TeamName> team,
        LockId id,
        String message,
        Actor author,
        Instant createdAt,
        Optional<String> ciLink,
        Optional<Instant> expiresAt,
        Optional<Duration> suggestedLifetime,
        Optional<LockSchedule> schedule,
        Optional<GroupName> group) {
    public Lock {
        requireNonNull(kind, "kind is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
        requireNonNull(team, "team is null");
        requireNonNull(id, "id is null");
        requireNonNull(message, "message is null");
        requireNonNull(author, "author is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(ciLink, "ciLink is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(suggestedLifetime, "suggestedLifetime is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(group, "group is null");
        if (application.isPresent() != (kind == LockKind.APPLICATION)) {
            throw new IllegalArgumentException("an application lock, and only it, names an application");
        }
        if (team.isPresent() != (kind == LockKind.TEAM)) {
            throw new IllegalArgumentException("a team lock, and only it, names a team");
        }
    }

    /** The application or team the lock covers; empty for an environment lock. */
    public String scope() {
        return application
                .map(AppName::value)
                .or(() -> team.map(TeamName::value))
                .orElse("");
    }

    public String describe() {
        return switch (kind) {
            case ENVIRONMENT -> "environment lock '%s' on %s: %s".formatted(id, environment, message);
            case APPLICATION ->
                "application lock '%s' on %s in %s: %s".formatted(id, application.orElseThrow(), environment, message);
            case TEAM -> "team lock '%s' on team %s in %s: %s".formatted(id, team.orElseThrow(), environment, message);
        };
    }
}
