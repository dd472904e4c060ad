package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.List;
import java.util.Optional;

/**
 * What a train does in one environment: skips it as a whole (with a cause), or moves each application to a version
 * or says why not. Applications of a skipped environment are listed with the environment's cause, so that every
 * skipped service is reported.
 */
public record EnvironmentPlan(
        EnvName environment,
        Optional<String> upstream,
        Optional<SkipCause> skipped,
        Optional<String> message,
        List<ApplicationPlan> applications) {
    public EnvironmentPlan {
        requireNonNull(environment, "environment is null");
        requireNonNull(upstream, "upstream is null");
        requireNonNull(skipped, "skipped is null");
        requireNonNull(message, "message is null");
        applications = List.copyOf(applications);
    }

    /** One application in the plan: the version it moves to, or why it stays. */
    public record ApplicationPlan(
            AppName application,
            Optional<Version> version,
            Optional<Version> currentVersion,
            Optional<SkipCause> skipped,
            Optional<String> message) {
        public ApplicationPlan {
            requireNonNull(application, "application is null");
            requireNonNull(version, "version is null");
            requireNonNull(currentVersion, "currentVersion is null");
            requireNonNull(skipped, "skipped is null");
            requireNonNull(message, "message is null");
        }

        public boolean deploys() {
            return skipped.isEmpty();
        }
    }
}
