package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/** What a lock is put on: an environment, an application in it, or a team in it. */
public sealed interface LockTarget {
    EnvName environment();

    LockKind kind();

    default Optional<AppName> application() {
        return Optional.empty();
    }

    default Optional<TeamName> team() {
        return Optional.empty();
    }

    record Environment(EnvName environment) implements LockTarget {
        public Environment {
            requireNonNull(environment, "environment is null");
        }

        @Override
        public LockKind kind() {
            return LockKind.ENVIRONMENT;
        }
    }

    record Application(EnvName environment, AppName app) implements LockTarget {
        public Application {
            requireNonNull(environment, "environment is null");
            requireNonNull(app, "app is null");
        }

        @Override
        public LockKind kind() {
            return LockKind.APPLICATION;
        }

        @Override
        public Optional<AppName> application() {
            return Optional.of(app);
        }
    }

    record Team(EnvName environment, TeamName name) implements LockTarget {
        public Team {
            requireNonNull(environment, "environment is null");
            requireNonNull(name, "name is null");
        }

        @Override
        public LockKind kind() {
            return LockKind.TEAM;
        }

        @Override
        public Optional<TeamName> team() {
            return Optional.of(name);
        }
    }
}
