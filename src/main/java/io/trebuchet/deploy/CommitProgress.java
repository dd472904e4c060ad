package io.trebuchet.deploy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.CommitReport.CommitState;
import io.trebuchet.deploy.CommitReport.EnvironmentProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how far a commit has come in each environment, the way Kuberpult's commit deployment status does: versions
 * grow with the source history, so an environment that runs the commit's release or a newer one has the commit.
 */
final class CommitProgress {
    private CommitProgress() {}

    static List<EnvironmentProgress> decide(
            Version commitVersion, List<EnvName> environments, Map<EnvName, Version> deployed) {
        return environments.stream()
                .map(environment -> {
                    Optional<Version> running = Optional.ofNullable(deployed.get(environment));
                    CommitState state = running.map(version ->
                                    version.compareTo(commitVersion) >= 0 ? CommitState.DEPLOYED : CommitState.PENDING)
                            .orElse(CommitState.UNKNOWN);
                    return new EnvironmentProgress(environment, state, running);
                })
                .toList();
    }
}
