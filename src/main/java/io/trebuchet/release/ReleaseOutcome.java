package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answer to a release request: the release, whether it was new, what auto-deploy did with it, and the
 * environments it has manifests for that do not exist (yet), which it was deployed to nowhere.
 */
public record ReleaseOutcome(
        Release release, boolean created, List<AutoDeployment> autoDeployments, Set<EnvName> unknownEnvironments) {
    public ReleaseOutcome {
        requireNonNull(release, "release is null");
        autoDeployments = List.copyOf(autoDeployments);
        unknownEnvironments = Set.copyOf(unknownEnvironments);
    }

    /** The release's manifest environments missing from {@code existing}. */
    public static Set<EnvName> unknown(Release release, Set<EnvName> existing) {
        Set<EnvName> unknown = new TreeSet<>(release.manifests().keySet());
        unknown.removeAll(existing);
        return unknown;
    }

    /** Plain-words warnings for the answer: a manifest kept for each environment that does not exist yet. */
    public List<String> warnings() {
        return unknownEnvironments.stream()
                .map(EnvName::value)
                .sorted()
                .map(environment ->
                        "environment %s does not exist: its manifest is kept with the release and deployed nowhere until the environment is created"
                                .formatted(environment))
                .toList();
    }
}
