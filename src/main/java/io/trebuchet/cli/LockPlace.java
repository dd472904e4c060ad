package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.lock.LockId;

/**
 * Where {@code lock} and {@code unlock} put or take a lock: an environment, every environment of a group, an
 * application in an environment, or a team in an environment; each with its path in the native lock API.
 */
sealed interface LockPlace {
    /** The lock's path in {@code /api/v1/locks}. */
    String path(LockId id);

    /** What the lock is called in sentences: {@code environment lock qa on dev}. */
    String describe(LockId id);

    record Environment(EnvName environment) implements LockPlace {
        public Environment {
            requireNonNull(environment, "environment is null");
        }

        @Override
        public String path(LockId id) {
            return TrebuchetClient.path("api", "v1", "locks", "environment", environment.value(), id.value());
        }

        @Override
        public String describe(LockId id) {
            return "environment lock %s on %s".formatted(id, environment);
        }
    }

    record Group(GroupName group) implements LockPlace {
        public Group {
            requireNonNull(group, "group is null");
        }

        @Override
        public String path(LockId id) {
            return TrebuchetClient.path("api", "v1", "locks", "group", group.value(), id.value());
        }

        @Override
        public String describe(LockId id) {
            return "environment lock %s on group %s".formatted(id, group);
        }
    }

    record Application(EnvName environment, AppName application) implements LockPlace {
        public Application {
            requireNonNull(environment, "environment is null");
            requireNonNull(application, "application is null");
        }

        @Override
        public String path(LockId id) {
            return TrebuchetClient.path(
                    "api", "v1", "locks", "application", environment.value(), application.value(), id.value());
        }

        @Override
        public String describe(LockId id) {
            return "application lock %s on %s in %s".formatted(id, application, environment);
        }
    }

    record Team(EnvName environment, TeamName team) implements LockPlace {
        public Team {
            requireNonNull(environment, "environment is null");
            requireNonNull(team, "team is null");
        }

        @Override
        public String path(LockId id) {
            return TrebuchetClient.path("api", "v1", "locks", "team", environment.value(), team.value(), id.value());
        }

        @Override
        public String describe(LockId id) {
            return "team lock %s on team %s in %s".formatted(id, team, environment);
        }
    }
}
