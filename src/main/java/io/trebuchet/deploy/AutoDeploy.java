package io.trebuchet.deploy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.Upstream;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.Release;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where a new release goes by itself: every environment that follows {@code latest} and has a manifest in
 * the release, unless that environment already runs this version or a newer one.
 */
final class AutoDeploy {
    private AutoDeploy() {}

    static List<AutoDeployment> plan(
            Release release, List<Environment> environments, Map<EnvName, Version> deployedVersions) {
        return environments.stream()
                .filter(environment ->
                        environment.config().upstream().map(Upstream::isLatest).orElse(false))
                .filter(environment -> release.hasManifestFor(environment.name()))
                .map(environment -> decide(
                        release.version(),
                        environment.name(),
                        Optional.ofNullable(deployedVersions.get(environment.name()))))
                .toList();
    }

    private static AutoDeployment decide(Version version, EnvName environment, Optional<Version> deployed) {
        if (deployed.isPresent() && !version.isNewerThan(deployed.get())) {
            return AutoDeployment.skipped(
                    environment,
                    version,
                    deployed.get().equals(version)
                            ? "already deployed"
                            : "environment runs newer version " + deployed.get());
        }
        return AutoDeployment.deployed(environment, version);
    }
}
