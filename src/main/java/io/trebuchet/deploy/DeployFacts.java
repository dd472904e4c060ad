package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.policy.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one deploy decision reads, loaded once by its caller: the application's team, the environments the
 * release has manifests for and this environment's findings on it, what runs there and what waits, the environment's
 * locks and freeze windows, and the time.
 *
 * @param findings the release's policy findings in the environment, judged by the environment's rules
 * @param current the version running in the environment now
 * @param queued the version waiting there, if one does
 * @param locks every lock of the environment (the decision picks those that apply to the application)
 * @param hold the application's hold in the environment: it stops automation, not people
 * @param chartVersion the chart version the release was rendered from, when it was rendered from a chart
 * @param prereleaseChartsAllowed whether the environment's config allows releases of pre-release chart versions
 */
public record DeployFacts(
        Optional<TeamName> team,
        Set<EnvName> manifests,
        List<Finding> findings,
        Optional<Version> current,
        Optional<QueuedVersion> queued,
        List<Lock> locks,
        List<FreezeWindow> freezeWindows,
        Optional<Hold> hold,
        Instant now,
        Optional<String> chartVersion,
        boolean prereleaseChartsAllowed) {
    public DeployFacts {
        requireNonNull(team, "team is null");
        manifests = Set.copyOf(manifests);
        findings = List.copyOf(findings);
        requireNonNull(current, "current is null");
        requireNonNull(queued, "queued is null");
        locks = List.copyOf(locks);
        freezeWindows = List.copyOf(freezeWindows);
        requireNonNull(hold, "hold is null");
        requireNonNull(now, "now is null");
        requireNonNull(chartVersion, "chartVersion is null");
    }

    /** The facts of a release that was not rendered from a chart. */
    public DeployFacts(
            Optional<TeamName> team,
            Set<EnvName> manifests,
            List<Finding> findings,
            Optional<Version> current,
            Optional<QueuedVersion> queued,
            List<Lock> locks,
            List<FreezeWindow> freezeWindows,
            Optional<Hold> hold,
            Instant now) {
        this(team, manifests, findings, current, queued, locks, freezeWindows, hold, now, Optional.empty(), false);
    }

    /** The chart version, when the release was rendered from a pre-release chart version and the environment refuses it. */
    Optional<String> refusedPrereleaseChart() {
        return chartVersion
                .filter(version -> version.split("\\+", 2)[0].contains("-"))
                .filter(version -> !prereleaseChartsAllowed);
    }
}
