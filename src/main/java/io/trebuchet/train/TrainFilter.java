package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/** Which applications a train moves: those of one team, of one stack, or all. */
public record TrainFilter(Optional<TeamName> team, Optional<StackName> stack) {
    public TrainFilter {
        requireNonNull(team, "team is null");
        requireNonNull(stack, "stack is null");
    }

    public static TrainFilter none() {
        return new TrainFilter(Optional.empty(), Optional.empty());
    }
}
