package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/** Everything a person declares about an application: its team, its stack, and how its manifests are made. */
public record ApplicationSpec(Optional<TeamName> team, Optional<StackName> stack, ApplicationSettings settings) {
    public ApplicationSpec {
        team = team == null ? Optional.empty() : team;
        stack = stack == null ? Optional.empty() : stack;
        settings = settings == null ? ApplicationSettings.NONE : settings;
        requireNonNull(settings, "settings is null");
    }

    public static ApplicationSpec ofTeam(Optional<TeamName> team) {
        return new ApplicationSpec(team, Optional.empty(), ApplicationSettings.NONE);
    }
}
