package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.core.AppName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.deploy.Blockers;
import io.trebuchet.deploy.DeployDecision;
import io.trebuchet.deploy.DeployFacts;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeploymentReason;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.train.EnvironmentPlan.ApplicationPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what a release train does in one environment. The applications considered are those the upstream offers a
 * version of and those the environment runs; each either moves to the upstream's version or gets a skip cause,
 * checked in this order: filter, no version upstream, already deployed, then what the deploy decision says (no
 * manifest, policy errors, blocked by the environment's locks or a freeze, or by an application or team lock, in which
 * case the version is queued). The decisions are kept, so that a run writes exactly what its plan says.
 */
public final class TrainPlanner {
    private TrainPlanner() {}

    /** What the train does, as a plan to show. */
    public static EnvironmentPlan plan(TrainInput input) {
        return decide(input, "prognosis").plan();
    }

    /** The plan, and the deploy decision behind each application that moves or waits, for a run to write. */
    record Decided(EnvironmentPlan plan, Map<AppName, DeployDecision> decisions, Map<AppName, DeployFacts> facts) {
        Decided {
            requireNonNull(plan, "plan is null");
            decisions = Map.copyOf(decisions);
            facts = Map.copyOf(facts);
        }
    }

    /** Decides the train {@code trainId} into the input's environment. */
    static Decided decide(TrainInput input, String trainId) {
        Optional<String> upstream = input.upstream()
                .map(link -> link.isLatest()
                        ? "latest"
                        : link.environment().orElseThrow().value());
        if (input.upstream().isEmpty()) {
            return new Decided(
                    new EnvironmentPlan(
                            input.environment(),
                            upstream,
                            Optional.of(SkipCause.NO_UPSTREAM),
                            Optional.of("environment %s has no upstream to take versions from"
                                    .formatted(input.environment())),
                            List.of()),
                    Map.of(),
                    Map.of());
        }
        if (!input.upstreamExists()) {
            return new Decided(
                    new EnvironmentPlan(
                            input.environment(),
                            upstream,
                            Optional.of(SkipCause.UPSTREAM_MISSING),
                            Optional.of("upstream environment %s does not exist".formatted(upstream.orElseThrow())),
                            List.of()),
                    Map.of(),
                    Map.of());
        }
        List<Blocker> environmentBlockers = Blockers.ofEnvironment(input.locks(), input.freezeWindows(), input.now());
        Optional<SkipCause> environmentCause =
                environmentBlockers.stream().findFirst().map(TrainPlanner::cause);
        Optional<String> environmentMessage = environmentBlockers.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        environmentBlockers.stream().map(Blocker::describe).collect(Collectors.joining("; ")));

        TreeSet<AppName> considered = new TreeSet<>(input.candidates().keySet());
        considered.addAll(input.deployed().keySet());
        List<ApplicationPlan> applications = new ArrayList<>();
        Map<AppName, DeployDecision> decisions = new HashMap<>();
        Map<AppName, DeployFacts> facts = new HashMap<>();
        for (AppName application : considered) {
            applications.add(planApplication(
                    input, application, environmentBlockers, environmentMessage, trainId, decisions, facts));
        }
        return new Decided(
                new EnvironmentPlan(input.environment(), upstream, environmentCause, environmentMessage, applications),
                decisions,
                facts);
    }

    private static ApplicationPlan planApplication(
            TrainInput input,
            AppName name,
            List<Blocker> environmentBlockers,
            Optional<String> environmentMessage,
            String trainId,
            Map<AppName, DeployDecision> decisions,
            Map<AppName, DeployFacts> facts) {
        Optional<Version> current = Optional.ofNullable(input.deployed().get(name));
        Optional<Candidate> candidate = Optional.ofNullable(input.candidates().get(name));
        Optional<Version> offered = candidate.map(Candidate::version);
        Optional<Application> application =
                Optional.ofNullable(input.applications().get(name));
        Optional<TeamName> team = application.flatMap(Application::team);

        if (input.filter().team().isPresent()) {
            if (team.isEmpty()) {
                return skip(name, offered, current, SkipCause.NO_TEAM, "application has no team");
            }
            if (!team.equals(input.filter().team())) {
                return skip(name, offered, current, SkipCause.NOT_IN_FILTER, "application is in team " + team.get());
            }
        }
        if (input.filter().stack().isPresent()
                && !application
                        .flatMap(Application::stack)
                        .equals(input.filter().stack())) {
            return skip(
                    name,
                    offered,
                    current,
                    SkipCause.NOT_IN_FILTER,
                    application
                            .flatMap(Application::stack)
                            .map(stack -> "application is in stack " + stack)
                            .orElse("application is in no stack"));
        }
        if (candidate.isEmpty()) {
            return skip(name, offered, current, SkipCause.NO_VERSION_UPSTREAM, "the upstream runs no version of it");
        }
        Version version = candidate.get().version();
        if (current.filter(version::equals).isPresent()) {
            return skip(
                    name, offered, current, SkipCause.ALREADY_DEPLOYED, "runs version %s already".formatted(version));
        }
        DeployRequest request = new DeployRequest(
                name, input.environment(), version, DeploymentReason.TRAIN, Optional.of(trainId), LockBehavior.RECORD);
        List<Finding> findings = input.policies().judge(candidate.get().violations());
        DeployFacts deployFacts = new DeployFacts(
                team,
                candidate.get().manifests(),
                findings,
                current,
                Optional.ofNullable(input.queued().get(name)),
                input.locks(),
                input.freezeWindows(),
                Optional.ofNullable(input.holds().get(name)),
                input.now(),
                candidate.get().chartVersion(),
                input.prereleaseChartsAllowed());
        DeployDecision decision = DeployDecision.decide(request, deployFacts);
        return switch (decision) {
            case DeployDecision.Refuse refuse ->
                switch (refuse.cause()) {
                    case NO_MANIFEST ->
                        skip(
                                name,
                                offered,
                                current,
                                SkipCause.NO_MANIFEST,
                                "release %s has no manifest for %s".formatted(version, input.environment()));
                    case POLICY_VIOLATION ->
                        skip(
                                name,
                                offered,
                                current,
                                SkipCause.POLICY_VIOLATION,
                                Policies.errors(findings).stream()
                                        .map(finding -> finding.violation().describe())
                                        .collect(Collectors.joining("; ")));
                    case PRERELEASE_CHART ->
                        skip(
                                name,
                                offered,
                                current,
                                SkipCause.PRERELEASE_CHART,
                                refuse.reason().getMessage());
                    case BLOCKED -> throw new IllegalStateException("a train records what is blocked");
                };
            case DeployDecision.Unchanged ignored ->
                skip(name, offered, current, SkipCause.ALREADY_DEPLOYED, "runs version %s already".formatted(version));
            case DeployDecision.Queue queue -> {
                decisions.put(name, decision);
                facts.put(name, deployFacts);
                // The environment's own locks and freezes first: they hold every application back.
                yield environmentBlockers.isEmpty()
                        ? skip(
                                name,
                                offered,
                                current,
                                cause(queue.blockers().getFirst()),
                                queue.blockers().stream().map(Blocker::describe).collect(Collectors.joining("; ")))
                        : skip(
                                name,
                                offered,
                                current,
                                cause(environmentBlockers.getFirst()),
                                environmentMessage.orElseThrow());
            }
            case DeployDecision.Deploy ignored -> {
                decisions.put(name, decision);
                facts.put(name, deployFacts);
                yield new ApplicationPlan(name, offered, current, Optional.empty(), Optional.empty());
            }
        };
    }

    private static ApplicationPlan skip(
            AppName name, Optional<Version> offered, Optional<Version> current, SkipCause cause, String message) {
        return new ApplicationPlan(name, offered, current, Optional.of(cause), Optional.of(message));
    }

    static SkipCause cause(Blocker blocker) {
        return switch (blocker.cause()) {
            case ENVIRONMENT_LOCKED -> SkipCause.ENVIRONMENT_LOCKED;
            case APPLICATION_LOCKED -> SkipCause.APPLICATION_LOCKED;
            case TEAM_LOCKED -> SkipCause.TEAM_LOCKED;
            case FREEZE_WINDOW -> SkipCause.FREEZE_WINDOW;
            case HELD -> SkipCause.HELD;
        };
    }

    /** Whether a skip is one that a lock or freeze caused: the train records the version as queued. */
    public static boolean blockedByLockOrFreeze(SkipCause cause) {
        return switch (cause) {
            case ENVIRONMENT_LOCKED, FREEZE_WINDOW, APPLICATION_LOCKED, TEAM_LOCKED, HELD -> true;
            case NO_UPSTREAM,
                    UPSTREAM_MISSING,
                    ENVIRONMENT_DELETED,
                    NO_VERSION_UPSTREAM,
                    ALREADY_DEPLOYED,
                    NO_MANIFEST,
                    POLICY_VIOLATION,
                    PRERELEASE_CHART,
                    NOT_IN_FILTER,
                    NO_TEAM -> false;
        };
    }
}
