package io.trebuchet.web;

import io.trebuchet.deploy.DeploymentReason;
import java.util.Optional;

/**
 * Why a version was deployed or queued, as words a person reads after "deployed" or "queued it 2 hours ago": the
 * stored reason ({@code manual}, {@code train}, …) is a code for API clients, and a tooltip that says "(manual)" makes
 * the reader translate it.
 */
final class ReasonWords {
    private ReasonWords() {}

    /** The reason a stored label names; empty for a label this version does not know (written by a newer one). */
    static Optional<DeploymentReason> parse(String label) {
        for (DeploymentReason reason : DeploymentReason.values()) {
            if (reason.label().equals(label)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** How a version came to be deployed or queued, naming the release train when it is known. */
    static String how(DeploymentReason reason, Optional<String> trainId) {
        return switch (reason) {
            case MANUAL -> "by hand";
            case AUTO -> "as a new release";
            case TRAIN -> trainId.map(id -> "by release train " + id).orElse("with a release train");
            case IMAGE_POLICY -> "for a new image its image policy chose";
        };
    }

    /** As {@link #how(DeploymentReason, Optional)} for a stored label; one this version does not know is quoted. */
    static String how(String label) {
        return parse(label).map(reason -> how(reason, Optional.empty())).orElse("for the reason “" + label + "”");
    }
}
