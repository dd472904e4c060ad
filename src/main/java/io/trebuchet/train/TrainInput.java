package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Upstream;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.policy.Policies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the planner needs to decide a train into one environment, read from one snapshot of the store. */
public record TrainInput(
        EnvName environment,
        Optional<Upstream> upstream,
        boolean upstreamExists,
        Map<AppName, Candidate> candidates,
        Map<AppName, Version> deployed,
        Map<AppName, QueuedVersion> queued,
        Map<AppName, Application> applications,
        List<Lock> locks,
        List<FreezeWindow> freezeWindows,
        Map<AppName, Hold> holds,
        Policies policies,
        TrainFilter filter,
        Instant now,
        boolean prereleaseChartsAllowed) {
    public TrainInput {
        requireNonNull(environment, "environment is null");
        requireNonNull(upstream, "upstream is null");
        candidates = Map.copyOf(candidates);
        deployed = Map.copyOf(deployed);
        queued = Map.copyOf(queued);
        applications = Map.copyOf(applications);
        locks = List.copyOf(locks);
        freezeWindows = List.copyOf(freezeWindows);
        holds = Map.copyOf(holds);
        requireNonNull(policies, "policies is null");

        requireNonNull(filter, "filter is null");
        requireNonNull(now, "now is null");
    }
}
