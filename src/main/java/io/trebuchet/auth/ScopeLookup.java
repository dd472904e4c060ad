package io.trebuchet.auth;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/** What a decision needs to know of the state: an environment's group and an application's team. */
public interface ScopeLookup {
    Optional<GroupName> groupOf(EnvName environment);

    Optional<TeamName> teamOf(AppName application);

    ScopeLookup NONE = new ScopeLookup() {
        @Override
        public Optional<GroupName> groupOf(EnvName environment) {
            return Optional.empty();
        }

        @Override
        public Optional<TeamName> teamOf(AppName application) {
            return Optional.empty();
        }
    };
}
