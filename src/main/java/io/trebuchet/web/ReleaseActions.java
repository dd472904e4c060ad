package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.release.Release;
import java.util.Optional;

/**
 * Decides which actions on one release can work in one environment, and says why when one cannot, so that the page
 * never offers a button that would only fail: deploying needs a manifest for the environment and a version that does
 * not run there already; removing needs the application to run there.
 */
final class ReleaseActions {
    private ReleaseActions() {}

    /** An action as a button shows it: what it does, and why it is disabled when it is. */
    record Action(String label, Optional<String> refusal) {
        Action {
            requireNonNull(label, "label is null");
            requireNonNull(refusal, "refusal is null");
        }

        static Action allowed(String label) {
            return new Action(label, Optional.empty());
        }

        static Action refused(String label, String why) {
            return new Action(label, Optional.of(why));
        }

        boolean enabled() {
            return refusal.isEmpty();
        }
    }

    static Action deploy(Release release, EnvName environment, Optional<Version> running) {
        String label = "Deploy v" + release.version();
        if (!release.hasManifestFor(environment)) {
            return Action.refused(
                    label, "Release v%s has no manifest for %s.".formatted(release.version(), environment));
        }
        if (running.isPresent() && running.get().equals(release.version())) {
            return Action.refused(label, "%s runs v%s already.".formatted(environment, release.version()));
        }
        return Action.allowed(label);
    }

    static Action remove(EnvName environment, Optional<Version> running) {
        if (running.isEmpty()) {
            return Action.refused("Remove", "Not deployed in %s.".formatted(environment));
        }
        return Action.allowed("Remove");
    }
}
