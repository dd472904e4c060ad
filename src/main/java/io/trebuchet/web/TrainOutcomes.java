package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.train.EnvironmentPlan;
import io.trebuchet.train.SkipCause;
import io.trebuchet.train.TrainPlanner;
import io.trebuchet.train.TrainResult;
import java.util.List;
import java.util.Optional;

/**
 * Decides how a train's prognosis or result reads: per environment, which applications move (or would), which wait as
 * queued versions behind a lock or freeze, and which stay where they are and why, with a summary line. A skip that a
 * lock or freeze caused queues the version: the train records it, it is not lost.
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

        /** From which version to which, as the table shows it: "v2 → v3", "v3 (new here)", "v3". */
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

    /** One environment of the train: skipped as a whole (and why), and its applications. */
    record EnvironmentOutcome(
            EnvName environment,
            Optional<String> upstream,
            Optional<SkipCause> skipped,
            Optional<String> why,
            List<Step> moving,
            List<Step> skippedApplications,
            String summary) {
        EnvironmentOutcome {
            requireNonNull(environment, "environment is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(skipped, "skipped is null");
            requireNonNull(why, "why is null");
            moving = List.copyOf(moving);
            skippedApplications = List.copyOf(skippedApplications);
            requireNonNull(summary, "summary is null");
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
        long deploys =
                steps.stream().filter(step -> step.outcome() == Outcome.DEPLOY).count();
        long queues = moving.size() - deploys;
        String summary = prognosis
                ? "Would deploy %d, queue %d, leave %d as they are.".formatted(deploys, queues, skipped.size())
                : "Deployed %d, queued %d, left %d as they were.".formatted(deploys, queues, skipped.size());
        return new EnvironmentOutcome(
                plan.environment(), plan.upstream(), plan.skipped(), plan.message(), moving, skipped, summary);
    }

    private static Step step(EnvironmentPlan.ApplicationPlan plan, boolean prognosis) {
        Outcome outcome = plan.skipped()
                .map(cause -> TrainPlanner.blockedByLockOrFreeze(cause)
                                && plan.version().isPresent()
                        ? Outcome.QUEUE
                        : Outcome.SKIP)
                .orElse(Outcome.DEPLOY);
        return new Step(
                plan.application(),
                outcome,
                outcome.label(prognosis),
                plan.version(),
                plan.currentVersion(),
                plan.skipped(),
                plan.skipped()
                        .map(cause -> causeText(cause)
                                + plan.message().map(text -> ": " + text).orElse(""))
                        .orElse(""));
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
