package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/** Which locks a listing shows. */
public record LockFilter(
        Optional<EnvName> environment,
        Optional<AppName> application,
        Optional<TeamName> team,
        Optional<LockKind> kind,
        Optional<LockState> state) {
    public LockFilter {
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
        requireNonNull(team, "team is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
    }

    public static LockFilter all() {
        return new LockFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    boolean matches(Lock lock) {
        return environment.map(lock.environment()::equals).orElse(true)
                && application
                        .map(app -> lock.application().filter(app::equals).isPresent())
                        .orElse(true)
                && team.map(name -> lock.team().filter(name::equals).isPresent())
                        .orElse(true)
                && kind.map(lock.kind()::equals).orElse(true);
    }
}
