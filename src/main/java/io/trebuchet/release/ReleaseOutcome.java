package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The answer to a release request: the release, whether it was new, and what auto-deploy did with it. */
public record ReleaseOutcome(Release release, boolean created, List<AutoDeployment> autoDeployments) {
    public ReleaseOutcome {
        requireNonNull(release, "release is null");
        autoDeployments = List.copyOf(autoDeployments);
    }
}
