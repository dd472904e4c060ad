package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a deploy does, decided from facts loaded beforehand: every path that changes what runs where (a person's
 * deploy, a new release's auto-deploy, a release train, a stack) asks this and writes what it says. Pure.
 */
public sealed interface DeployDecision {
    /**
     * Deploy the version. {@code ignoredBlockers} are the locks and freezes it goes through (the request said to);
     * {@code settles} is the queued version this deploy makes pointless (the same or an older one).
     */
    record Deploy(Optional<Version> previous, List<Blocker> ignoredBlockers, Optional<QueuedVersion> settles)
            implements DeployDecision {
        public Deploy {
            requireNonNull(previous, "previous is null");
            ignoredBlockers = List.copyOf(ignoredBlockers);
            requireNonNull(settles, "settles is null");
        }
    }

    /** The version runs there already; a queued version that is not newer is settled. */
    record Unchanged(Version current, Optional<QueuedVersion> settles) implements DeployDecision {
        public Unchanged {
            requireNonNull(current, "current is null");
            requireNonNull(settles, "settles is null");
        }
    }

    /**
     * Something blocks it and the request says to record it: the version waits. When a newer version waits already,
     * that one stays ({@code waiting} is it) and nothing is written.
     */
    record Queue(List<Blocker> blockers, Optional<QueuedVersion> waiting) implements DeployDecision {
        public Queue {
            blockers = List.copyOf(blockers);
            requireNonNull(waiting, "waiting is null");
        }

        /** Whether the request's version is the one to record (no newer one waits). */
        public boolean records() {
            return waiting.isEmpty();
        }
    }

    /** The deploy cannot happen: {@code reason} says why, as the API answers it. */
    record Refuse(Cause cause, TrebuchetException reason) implements DeployDecision {
        public Refuse {
            requireNonNull(cause, "cause is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** Why a deploy is refused, for callers that skip rather than fail. */
    enum Cause {
        NO_MANIFEST,
        POLICY_VIOLATION,
        /** The release was rendered from a pre-release chart version; the environment does not allow those. */
        PRERELEASE_CHART,
        BLOCKED
    }

    /**
     * Decides {@code request} on {@code facts}: refused without a manifest for the environment or with policy errors
     * there; unchanged when the version runs already; then, when locks or a freeze block it, refused, queued or
     * deployed over them as the request's lock behaviour says; deployed otherwise.
     */
    static DeployDecision decide(DeployRequest request, DeployFacts facts) {
        requireNonNull(request, "request is null");
        requireNonNull(facts, "facts is null");
        if (!facts.manifests().contains(request.environment())) {
            return new Refuse(
                    Cause.NO_MANIFEST,
                    new TrebuchetException(
                            ErrorCode.NO_MANIFEST_FOR_ENVIRONMENT,
                            "release %s of %s has no manifest for environment %s; it has manifests for %s"
                                    .formatted(
                                            request.version(),
                                            request.application(),
                                            request.environment(),
                                            facts.manifests().stream()
                                                    .map(EnvName::value)
                                                    .sorted()
                                                    .collect(Collectors.joining(", "))),
                            Map.of(
                                    "application", request.application().value(),
                                    "environment", request.environment().value(),
                                    "version", request.version().value())));
        }
        Optional<String> prerelease = facts.refusedPrereleaseChart();
        if (prerelease.isPresent()) {
            return new Refuse(
                    Cause.PRERELEASE_CHART,
                    new TrebuchetException(
                            ErrorCode.PRERELEASE_CHART_NOT_ALLOWED,
                            ("release %s of %s was rendered from the pre-release chart version %s, and environment %s"
                                            + " does not allow pre-release charts; set allowPrereleaseCharts: true in"
                                            + " its config to allow them there, or deploy a release of a stable chart"
                                            + " version")
                                    .formatted(
                                            request.version(),
                                            request.application(),
                                            prerelease.get(),
                                            request.environment()),
                            Map.of(
                                    "application", request.application().value(),
                                    "environment", request.environment().value(),
                                    "version", request.version().value(),
                                    "chartVersion", prerelease.get())));
        }
        List<Finding> policyErrors = Policies.errors(facts.findings());
        if (!policyErrors.isEmpty()) {
            return new Refuse(
                    Cause.POLICY_VIOLATION,
                    PolicyRefusal.of(
                            "release %s of %s".formatted(request.version(), request.application()),
                            Map.of(request.environment(), policyErrors)));
        }
        Optional<QueuedVersion> settles =
                facts.queued().filter(queued -> !queued.version().isNewerThan(request.version()));
        if (facts.current().filter(request.version()::equals).isPresent()) {
            return new Unchanged(request.version(), settles);
        }
        List<Blocker> blockers = new ArrayList<>(
                Blockers.of(facts.locks(), facts.freezeWindows(), request.application(), facts.team(), facts.now()));
        if (request.reason() != DeploymentReason.MANUAL) {
            // A hold stops automation only: a person's deploy is how a hold ends.
            facts.hold().map(Blocker.Held::new).ifPresent(blockers::add);
        }
        if (!blockers.isEmpty()) {
            switch (request.lockBehavior()) {
                case FAIL -> {
                    return new Refuse(Cause.BLOCKED, blocked(request, blockers));
                }
                case RECORD -> {
                    // A newer version waits already; an older one does not replace it.
                    return new Queue(
                            blockers,
                            facts.queued().filter(queued -> queued.version().isNewerThan(request.version())));
                }
                case IGNORE -> {
                    // Deployed below; the event names what it went through.
                }
            }
        }
        return new Deploy(facts.current(), blockers, settles);
    }

    private static TrebuchetException blocked(DeployRequest request, List<Blocker> blockers) {
        return new TrebuchetException(
                ErrorCode.DEPLOYMENT_BLOCKED,
                "%s cannot be deployed to %s now: %s. Deploy with lockBehavior 'ignore' to go through, or wait."
                        .formatted(
                                request.application(),
                                request.environment(),
                                blockers.stream().map(Blocker::describe).collect(Collectors.joining("; "))),
                Map.of(
                        "application", request.application().value(),
                        "environment", request.environment().value(),
                        "blockedBy", blockers));
    }
}
