package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.policy.Finding;
import io.trebuchet.release.Release;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which actions on one release can work in one environment, and says why when one cannot, so that the page
 * never offers a button that would only fail: deploying needs a manifest for the environment, no policy the
 * environment treats as an error broken by it, and a version that does not run there already; removing needs the
 * application to run there. A deploy that a lock or freeze stands in the way of can work, but only after the person
 * has read what blocks it and confirmed.
 */
final class ReleaseActions {
    static final int POLICY_ERRORS_LISTED = 3;

    private ReleaseActions() {}

    /**
     * An action as a button shows it: what it does, why it is disabled when it is, and what stands in its way when it
     * needs a confirmation first.
     */
    record Action(String label, Optional<String> refusal, List<String> blockers) {
        Action {
            requireNonNull(label, "label is null");
            requireNonNull(refusal, "refusal is null");
            blockers = List.copyOf(blockers);
        }

        static Action allowed(String label) {
            return new Action(label, Optional.empty(), List.of());
        }

        static Action refused(String label, String why) {
            return new Action(label, Optional.of(why), List.of());
        }

        boolean enabled() {
            return refusal.isEmpty();
        }

        /** Whether the person must confirm going through a lock or freeze first. */
        boolean needsConfirmation() {
            return enabled() && !blockers.isEmpty();
        }
    }

    /**
     * The version an environment's upstream runs and the environment does not, newer than what runs there: what a
     * person keeping an eye on the pipeline most often does next. {@code from} names where it comes from.
     */
    record Promotion(Version version, String from) {
        Promotion {
            requireNonNull(version, "version is null");
            requireNonNull(from, "from is null");
        }
    }

    /**
     * What the environment could take from its upstream: the version the upstream environment runs, or the newest
     * release for an environment that gets every new release, when it is newer than what runs here (or nothing does).
     *
     * @param deployed what runs where
     */
    static Optional<Promotion> promotion(
            Optional<Upstream> upstream,
            Map<EnvName, Version> deployed,
            Optional<Version> latest,
            Optional<Version> running) {
        if (upstream.isEmpty()) {
            return Optional.empty();
        }
        Optional<Promotion> candidate = upstream.get()
                .environment()
                .map(from ->
                        Optional.ofNullable(deployed.get(from)).map(version -> new Promotion(version, from.value())))
                .orElseGet(() -> latest.map(version -> new Promotion(version, "the latest release")));
        return candidate.filter(promotion ->
                running.map(current -> promotion.version().isNewerThan(current)).orElse(true));
    }

    /**
     * What a button that puts {@code target} in place says: going back to an older version than the one running is a
     * rollback, and says so, because it holds the application there.
     */
    static String label(Version target, Optional<Version> running) {
        return running.filter(current -> current.isNewerThan(target)).isPresent()
                ? "Roll back to v" + target
                : "Deploy v" + target;
    }

    /** {@link #deploy} for the upstream's version, labelled as the promotion it is. */
    static Action promote(
            Release release,
            Promotion promotion,
            EnvName environment,
            Optional<Version> running,
            List<Finding> policyErrors,
            List<String> blockers) {
        return deploy(
                "Promote v%s from %s".formatted(release.version(), promotion.from()),
                release,
                environment,
                running,
                policyErrors,
                blockers);
    }

    /**
     * @param policyErrors the findings of the release's manifest for {@code environment} that the environment treats
     *     as errors
     * @param blockers what stops automation there now, in plain words
     */
    static Action deploy(
            Release release,
            EnvName environment,
            Optional<Version> running,
            List<Finding> policyErrors,
            List<String> blockers) {
        return deploy(label(release.version(), running), release, environment, running, policyErrors, blockers);
    }

    private static Action deploy(
            String label,
            Release release,
            EnvName environment,
            Optional<Version> running,
            List<Finding> policyErrors,
            List<String> blockers) {
        if (!release.hasManifestFor(environment)) {
            return Action.refused(
                    label, "Release v%s has no manifest for %s.".formatted(release.version(), environment));
        }
        if (running.isPresent() && running.get().equals(release.version())) {
            return Action.refused(label, "%s runs v%s already.".formatted(environment, release.version()));
        }
        if (!policyErrors.isEmpty()) {
            String listed = policyErrors.stream()
                    .limit(POLICY_ERRORS_LISTED)
                    .map(finding -> finding.violation().describe())
                    .collect(Collectors.joining("; "));
            String more = policyErrors.size() > POLICY_ERRORS_LISTED
                    ? " and %d more".formatted(policyErrors.size() - POLICY_ERRORS_LISTED)
                    : "";
            return Action.refused(
                    label,
                    "Release v%s breaks %s that %s treats as %s: %s%s."
                            .formatted(
                                    release.version(),
                                    policyErrors.size() == 1 ? "a policy" : "policies",
                                    environment,
                                    policyErrors.size() == 1 ? "an error" : "errors",
                                    listed,
                                    more));
        }
        if (!blockers.isEmpty()) {
            return new Action(label + "…", Optional.empty(), blockers);
        }
        return Action.allowed(label);
    }

    /**
     * The action as the person may take it: disabled, with the policy's reason, when the RBAC policy does not allow
     * it ({@code refusal} present), so that the page never offers what the server would refuse.
     */
    static Action permitted(Optional<String> refusal, Action action) {
        return refusal.map(reason -> Action.refused(action.label(), "You may not do this: %s.".formatted(reason)))
                .orElse(action);
    }

    static Action remove(EnvName environment, Optional<Version> running) {
        if (running.isEmpty()) {
            return Action.refused("Remove", "Not deployed in %s.".formatted(environment));
        }
        return Action.allowed("Remove");
    }
}
