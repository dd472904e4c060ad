package io.trebuchet.overview;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockCheck;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides the overview's warnings for one application in one environment, and for an environment's own locks. */
final class Warnings {
    private Warnings() {}

    static List<Warning> forCell(
            AppName application,
            Optional<TeamName> team,
            EnvName environment,
            Optional<Upstream> upstream,
            Map<EnvName, Version> deployed,
            List<Lock> environmentLocks,
            Instant now) {
        List<Warning> warnings = new ArrayList<>();
        Version version = deployed.get(environment);
        Optional<EnvName> upstreamEnvironment = upstream.flatMap(Upstream::environment);
        if (version != null && upstreamEnvironment.isPresent()) {
            Version upstreamVersion = deployed.get(upstreamEnvironment.get());
            if (upstreamVersion == null) {
                warnings.add(new Warning(
                        Warning.Code.UPSTREAM_NOT_DEPLOYED,
                        "%s runs in %s but not in its upstream %s"
                                .formatted(application, environment, upstreamEnvironment.get())));
            } else if (version.isNewerThan(upstreamVersion)
                    && LockCheck.blocking(environmentLocks, application, team, now)
                            .isEmpty()) {
                warnings.add(new Warning(
                        Warning.Code.UNUSUAL_ORDER,
                        "%s runs version %s here, newer than %s in upstream %s, and nothing is locked"
                                .formatted(application, version, upstreamVersion, upstreamEnvironment.get())));
            }
        }
        environmentLocks.stream()
                .filter(lock -> lock.application().filter(application::equals).isPresent()
                        || (team.isPresent() && lock.team().equals(team)))
                .filter(lock -> LockCheck.pastSuggestedLifetime(lock, now))
                .forEach(lock -> warnings.add(pastLifetime(lock)));
        return List.copyOf(warnings);
    }

    static List<Warning> forEnvironment(List<Lock> environmentLocks, Instant now) {
        return environmentLocks.stream()
                .filter(lock -> lock.application().isEmpty() && lock.team().isEmpty())
                .filter(lock -> LockCheck.pastSuggestedLifetime(lock, now))
                .map(Warnings::pastLifetime)
                .toList();
    }

    /** Policy findings of what runs in an environment, with the severity the environment gives them now. */
    static List<Warning> forPolicies(Policies policies, List<Violation> violations) {
        return policies.judge(violations).stream()
                .map(finding -> new Warning(
                        Warning.Code.POLICY,
                        "%s: %s"
                                .formatted(
                                        finding.severity().label(),
                                        finding.violation().describe())))
                .toList();
    }

    private static Warning pastLifetime(Lock lock) {

        return new Warning(
                Warning.Code.LOCK_PAST_SUGGESTED_LIFETIME,
                "lock '%s' has outlived its suggested lifetime: %s".formatted(lock.id(), lock.message()));
    }
}
