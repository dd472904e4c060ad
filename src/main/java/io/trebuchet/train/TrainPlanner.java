package io.trebuchet.train;

import io.trebuchet.core.AppName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.deploy.Blockers;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.release.Application;
import io.trebuchet.train.EnvironmentPlan.ApplicationPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what a release train does in one environment. The applications considered are those the upstream offers a
 * version of and those the environment runs; each either moves to the upstream's version or gets a skip cause,
 * checked in this order: filter, no version upstream, already deployed, no manifest, policy errors, environment
 * blocked (lock or freeze), application or team locked.
 *
 */
public final class TrainPlanner {
    private TrainPlanner() {}

    public static EnvironmentPlan plan(TrainInput input) {
        Optional<String> upstream = input.upstream()
                .map(link -> link.isLatest()
                        ? "latest"
                        : link.environment().orElseThrow().value());
        if (input.upstream().isEmpty()) {
            return new EnvironmentPlan(
                    input.environment(),
                    upstream,
                    Optional.of(SkipCause.NO_UPSTREAM),
                    Optional.of("environment %s has no upstream to take versions from".formatted(input.environment())),
                    List.of());
        }
        if (!input.upstreamExists()) {
            return new EnvironmentPlan(
                    input.environment(),
                    upstream,
                    Optional.of(SkipCause.UPSTREAM_MISSING),
                    Optional.of("upstream environment %s does not exist".formatted(upstream.orElseThrow())),
                    List.of());
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
        for (AppName application : considered) {
            applications.add(planApplication(input, application, environmentCause, environmentMessage));
        }
        return new EnvironmentPlan(input.environment(), upstream, environmentCause, environmentMessage, applications);
    }

    private static ApplicationPlan planApplication(
            TrainInput input, AppName name, Optional<SkipCause> environmentCause, Optional<String> environmentMessage) {
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
        if (!candidate.get().manifests().contains(input.environment())) {
            return skip(
                    name,
                    offered,
                    current,
                    SkipCause.NO_MANIFEST,
                    "release %s has no manifest for %s".formatted(version, input.environment()));
        }
        List<Finding> policyErrors =
                Policies.errors(input.policies().judge(candidate.get().violations()));
        if (!policyErrors.isEmpty()) {
            return skip(
                    name,
                    offered,
                    current,
                    SkipCause.POLICY_VIOLATION,
                    policyErrors.stream()
                            .map(finding -> finding.violation().describe())
                            .collect(Collectors.joining("; ")));
        }
        if (environmentCause.isPresent()) {
            return skip(name, offered, current, environmentCause.get(), environmentMessage.orElseThrow());
        }
        List<Blocker> blockers = Blockers.of(input.locks(), List.of(), name, team, input.now());
        if (!blockers.isEmpty()) {
            return skip(
                    name,
                    offered,
                    current,
                    cause(blockers.getFirst()),
                    blockers.stream().map(Blocker::describe).collect(Collectors.joining("; ")));
        }
        return new ApplicationPlan(name, offered, current, Optional.empty(), Optional.empty());
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
        };
    }

    /** Whether a skip is one that a lock or freeze caused: the train records the version as queued. */
    public static boolean blockedByLockOrFreeze(SkipCause cause) {
        return switch (cause) {
            case ENVIRONMENT_LOCKED, FREEZE_WINDOW, APPLICATION_LOCKED, TEAM_LOCKED -> true;
            case NO_UPSTREAM,
                    UPSTREAM_MISSING,
                    ENVIRONMENT_DELETED,
                    NO_VERSION_UPSTREAM,
                    ALREADY_DEPLOYED,
                    NO_MANIFEST,
                    POLICY_VIOLATION,
                    NOT_IN_FILTER,
                    NO_TEAM -> false;
        };
    }
}
