package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a train did (or, for a prognosis, would do) in each environment of its target. */
public record TrainResult(Optional<String> trainId, boolean prognosis, List<EnvironmentPlan> environments) {
    public TrainResult {
        requireNonNull(trainId, "trainId is null");
        environments = List.copyOf(environments);
    }
}
