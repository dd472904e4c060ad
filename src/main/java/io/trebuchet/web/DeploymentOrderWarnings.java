package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which environments of one application show a warning because versions moved against the upstream order:
 * an environment runs a newer version than its upstream environment, or runs the application while its upstream does
 * not. Both usually mean someone deployed by hand past a stage, and the next release train would go backwards.
 */
final class DeploymentOrderWarnings {
    private DeploymentOrderWarnings() {}

    /**
     * @param upstreams each environment's upstream environment; empty for environments that follow {@code latest}
     * @param deployed the version the application runs in each environment where it runs
     */
    static Map<EnvName, List<String>> of(Map<EnvName, Optional<EnvName>> upstreams, Map<EnvName, Version> deployed) {
        Map<EnvName, List<String>> warnings = new LinkedHashMap<>();
        deployed.forEach((environment, version) -> {
            Optional<EnvName> upstream = upstreams.getOrDefault(environment, Optional.empty());
            if (upstream.isEmpty()) {
                return;
            }
            Version upstreamVersion = deployed.get(upstream.get());
            List<String> found = new ArrayList<>();
            if (upstreamVersion == null) {
                found.add("Runs version %s here, but its upstream environment %s does not run it at all."
                        .formatted(version, upstream.get()));
            } else if (version.isNewerThan(upstreamVersion)) {
                found.add("Runs version %s here, newer than version %s in its upstream environment %s."
                        .formatted(version, upstreamVersion, upstream.get()));
            }
            if (!found.isEmpty()) {
                warnings.put(environment, List.copyOf(found));
            }
        });
        return warnings;
    }
}
