package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.train.EnvironmentPlan;
import io.trebuchet.train.SkipCause;
import io.trebuchet.train.TrainPlanner;
import io.trebuchet.train.TrainResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides how a train's prognosis or result reads: per environment, which applications move (or would), which wait as
 * queued versions behind a lock or freeze, and which stay where they are and why, grouped by cause under a heading with
 * a count, with a summary line. A skip that a lock or freeze caused queues the version: the train records it, it is
 * not lost. A move to a version older than the one running is a rollback and says so: a train takes what its upstream
 * runs, and someone may have deployed a newer version by hand.
 */
final class TrainOutcomes {
    private TrainOutcomes() {}

    /** What happens to one application. */
    enum Outcome {
        DEPLOY("would deploy", "deployed"),
        QUEUE("would queue", "queued"),
        SKIP("would skip", "skipped");

        private final String prognosis;
        private final String done;

        Outcome(String prognosis, String done) {
            this.prognosis = prognosis;
            this.done = done;
        }

        String label(boolean isPrognosis) {
            return isPrognosis ? prognosis : done;
        }

        String style() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One application in one environment of the train. */
    record Step(
            AppName application,
            Outcome outcome,
            String label,
            Optional<Version> version,
            Optional<Version> current,
            Optional<SkipCause> cause,
            String why) {
        Step {
            requireNonNull(application, "application is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(label, "label is null");
            requireNonNull(version, "version is null");
            requireNonNull(current, "current is null");
            requireNonNull(cause, "cause is null");
            requireNonNull(why, "why is null");
        }

        /** Whether the step moves the application to an older version than the one running there. */
        boolean rollback() {
            return isRollback(outcome, version, current);
        }

        /** From which version to which, as the table shows it: "v2 → v3", "new: v3", "stays at v3". */
        String change() {
            if (version.isEmpty()) {
                return current.map(running -> "stays at v" + running).orElse("—");
            }
            if (outcome == Outcome.SKIP) {
                return current.map(running -> "stays at v" + running).orElse("not deployed");
            }
            return current.map(running -> "v" + running + " → ").orElse("new: ") + "v" + version.get();
        }
    }

    /**
     * Why applications end up where they do, in the order a person reads a prognosis: what moves first, then what waits,
     * then what stays and why. Each cause is one group with a heading.
     */
    enum Cause {
        DEPLOY("Would deploy", "Deployed"),
        LOCK("Would queue behind a lock", "Queued behind a lock"),
        FREEZE("Would queue behind a freeze window", "Queued behind a freeze window"),
        HOLD("Would queue behind a rollback's hold", "Queued behind a rollback's hold"),
        POLICY("Stopped by a policy", "Stopped by a policy"),
        NO_MANIFEST("No manifest for this environment", "No manifest for this environment"),
        ALREADY_THERE("Already there", "Already there"),
        NOT_UPSTREAM("Not in the upstream", "Not in the upstream"),
        NOT_IN_TRAIN("Not in this train", "Not in this train"),
        ENVIRONMENT("Environment skipped", "Environment skipped");

        private final String prognosis;
        private final String done;

        Cause(String prognosis, String done) {
            this.prognosis = prognosis;
            this.done = done;
        }

        String heading(boolean isPrognosis) {
            return isPrognosis ? prognosis : done;
        }

        String style() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Cause of(Optional<SkipCause> skipped) {
            return skipped.map(Cause::of).orElse(DEPLOY);
        }

        static Cause of(SkipCause cause) {
            return switch (cause) {
                case ENVIRONMENT_LOCKED, APPLICATION_LOCKED, TEAM_LOCKED -> LOCK;
                case FREEZE_WINDOW -> FREEZE;
                case HELD -> HOLD;
                case POLICY_VIOLATION, PRERELEASE_CHART -> POLICY;
                case NO_MANIFEST -> NO_MANIFEST;
                case ALREADY_DEPLOYED -> ALREADY_THERE;
                case NO_VERSION_UPSTREAM -> NOT_UPSTREAM;
                case NOT_IN_FILTER, NO_TEAM -> NOT_IN_TRAIN;
                case NO_UPSTREAM, UPSTREAM_MISSING, ENVIRONMENT_DELETED -> ENVIRONMENT;
            };
        }
    }

    /**
     * The applications of one cause, under its heading. Groups where something moves or waits are open; the others,
     * often long (every application already there), start closed.
     */
    record Group(Cause cause, String heading, List<Step> steps) {
        Group {
            requireNonNull(cause, "cause is null");
            requireNonNull(heading, "heading is null");
            steps = List.copyOf(steps);
        }

        boolean open() {
            return steps.stream().anyMatch(step -> step.outcome() != Outcome.SKIP);
        }
    }

    /** One environment of the train: skipped as a whole (and why), and its applications. */
    record EnvironmentOutcome(
            EnvName environment,
            Optional<String> upstream,
            Optional<SkipCause> skipped,
            Optional<String> why,
            List<Step> moving,
            List<Step> skippedApplications,
            List<Group> groups,
            String summary) {
        EnvironmentOutcome {
            requireNonNull(environment, "environment is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(skipped, "skipped is null");
            requireNonNull(why, "why is null");
            moving = List.copyOf(moving);
            skippedApplications = List.copyOf(skippedApplications);
            groups = List.copyOf(groups);
            requireNonNull(summary, "summary is null");
        }

        /** Why the train leaves the whole environment where it is, as sentences; empty when it does not. */
        String skippedText() {
            return skipped.isEmpty() ? "" : environment + " is skipped. " + why.orElse("");
        }
    }

    static List<EnvironmentOutcome> of(TrainResult result) {
        return result.environments().stream()
                .map(plan -> environment(plan, result.prognosis()))
                .toList();
    }

    static EnvironmentOutcome environment(EnvironmentPlan plan, boolean prognosis) {
        List<Step> steps = plan.applications().stream()
                .map(application -> step(application, prognosis))
                .toList();
        List<Step> moving =
                steps.stream().filter(step -> step.outcome() != Outcome.SKIP).toList();
        List<Step> skipped =
                steps.stream().filter(step -> step.outcome() == Outcome.SKIP).toList();
        Map<Cause, List<Step>> byCause = new EnumMap<>(Cause.class);
        steps.forEach(step -> byCause.computeIfAbsent(Cause.of(step.cause()), ignored -> new ArrayList<>())
                .add(step));
        List<Group> groups = byCause.entrySet().stream()
                .map(entry -> new Group(entry.getKey(), entry.getKey().heading(prognosis), entry.getValue()))
                .toList();
        return new EnvironmentOutcome(
                plan.environment(),
                plan.upstream(),
                plan.skipped(),
                plan.skipped().map(cause -> why(cause, plan.message())),
                moving,
                skipped,
                groups,
                summary(List.of(steps), prognosis));
    }

    /**
     * What the whole train does (or did), in one sentence: the environment's summary for one environment, the sum with
     * the environments named for a group.
     */
    static String total(List<EnvironmentOutcome> environments, boolean prognosis) {
        String summary = summary(
                environments.stream()
                        .map(environment -> Stream.concat(
                                        environment.moving().stream(), environment.skippedApplications().stream())
                                .toList())
                        .toList(),
                prognosis);
        if (environments.size() < 2) {
            return summary;
        }
        return "In %s: %s%s"
                .formatted(
                        environments.stream()
                                .map(environment -> environment.environment().value())
                                .collect(Collectors.joining(", ")),
                        Character.toLowerCase(summary.charAt(0)),
                        summary.substring(1));
    }

    private static String summary(List<List<Step>> environments, boolean prognosis) {
        List<Step> steps = environments.stream().flatMap(List::stream).toList();
        long deploys =
                steps.stream().filter(step -> step.outcome() == Outcome.DEPLOY).count();
        long rollbacks = steps.stream()
                .filter(step -> step.outcome() == Outcome.DEPLOY && step.rollback())
                .count();
        long queues =
                steps.stream().filter(step -> step.outcome() == Outcome.QUEUE).count();
        long stays = steps.size() - deploys - queues;
        String rolledBack = rollbacks == 0 ? "" : " (%d a rollback)".formatted(rollbacks);
        return prognosis
                ? "Would deploy %d%s, queue %d, leave %d as they are.".formatted(deploys, rolledBack, queues, stays)
                : "Deployed %d%s, queued %d, left %d as they were.".formatted(deploys, rolledBack, queues, stays);
    }

    private static Step step(EnvironmentPlan.ApplicationPlan plan, boolean prognosis) {
        Outcome outcome = plan.skipped()
                .map(cause -> TrainPlanner.blockedByLockOrFreeze(cause)
                                && plan.version().isPresent()
                        ? Outcome.QUEUE
                        : Outcome.SKIP)
                .orElse(Outcome.DEPLOY);
        boolean rollback = isRollback(outcome, plan.version(), plan.currentVersion());
        return new Step(
                plan.application(),
                outcome,
                rollback && outcome == Outcome.DEPLOY
                        ? (prognosis ? "would roll back" : "rolled back")
                        : outcome.label(prognosis),
                plan.version(),
                plan.currentVersion(),
                plan.skipped(),
                plan.skipped().map(cause -> why(cause, plan.message())).orElse(""));
    }

    /**
     * Why the train leaves something where it is, as a sentence: the planner's message (which names the lock, the
     * freeze window and until when, the policy) with its times as pages print them, or the cause in words without one.
     * The group's heading already names the cause, so the sentence does not repeat it.
     */
    private static String why(SkipCause cause, Optional<String> message) {
        return ErrorSentences.sentence(Age.times(message.orElseGet(() -> causeText(cause))));
    }

    private static boolean isRollback(Outcome outcome, Optional<Version> version, Optional<Version> current) {
        return outcome != Outcome.SKIP
                && version.isPresent()
                && current.filter(running -> running.isNewerThan(version.get())).isPresent();
    }

    /** A skip cause in words. */
    static String causeText(SkipCause cause) {
        return switch (cause) {
            case NO_UPSTREAM -> "no upstream";
            case UPSTREAM_MISSING -> "upstream missing";
            case ENVIRONMENT_DELETED -> "environment deleted";
            case ENVIRONMENT_LOCKED -> "environment locked";
            case FREEZE_WINDOW -> "freeze window";
            case HELD -> "held";
            case NO_VERSION_UPSTREAM -> "not in upstream";
            case ALREADY_DEPLOYED -> "already there";
            case APPLICATION_LOCKED -> "application locked";
            case TEAM_LOCKED -> "team locked";
            case NO_MANIFEST -> "no manifest";
            case POLICY_VIOLATION -> "policy error";
            case PRERELEASE_CHART -> "pre-release chart";
            case NOT_IN_FILTER -> "not in filter";
            case NO_TEAM -> "no team";
        };
    }
}
