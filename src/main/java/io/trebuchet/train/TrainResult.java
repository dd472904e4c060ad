package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a train did (or, for a prognosis, would do) in each environment of its target, and the CI run it was run for.
 */
public record TrainResult(
        Optional<String> trainId, boolean prognosis, List<EnvironmentPlan> environments, Optional<String> ciLink) {
    public TrainResult {
        requireNonNull(trainId, "trainId is null");
        environments = List.copyOf(environments);
        requireNonNull(ciLink, "ciLink is null");
    }

    /** A result without a CI link. */
    public TrainResult(Optional<String> trainId, boolean prognosis, List<EnvironmentPlan> environments) {
        this(trainId, prognosis, environments, Optional.empty());
    }
}
