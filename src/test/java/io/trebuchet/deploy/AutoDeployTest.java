package io.trebuchet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.Release;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoDeployTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName DEV2 = EnvName.of("dev2");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final List<Environment> ENVIRONMENTS = List.of(
            environment(DEV, EnvironmentConfig.latest()),
            environment(DEV2, EnvironmentConfig.latest()),
            environment(STAGING, EnvironmentConfig.downstreamOf(DEV)));

    @Test
    void deploysToEveryLatestEnvironmentWithAManifest() {
        List<AutoDeployment> plan = AutoDeploy.plan(release(3, DEV, DEV2, STAGING), ENVIRONMENTS, Map.of());

        assertThat(plan)
                .containsExactly(
                        AutoDeployment.deployed(DEV, new Version(3)), AutoDeployment.deployed(DEV2, new Version(3)));
    }

    @Test
    void skipsLatestEnvironmentsWithoutAManifest() {
        assertThat(AutoDeploy.plan(release(3, DEV, STAGING), ENVIRONMENTS, Map.of()))
                .containsExactly(AutoDeployment.deployed(DEV, new Version(3)));
    }

    @Test
    void neverReplacesTheSameOrANewerVersion() {
        List<AutoDeployment> plan =
                AutoDeploy.plan(release(3, DEV, DEV2), ENVIRONMENTS, Map.of(DEV, new Version(5), DEV2, new Version(3)));

        assertThat(plan)
                .containsExactly(
                        AutoDeployment.skipped(DEV, new Version(3), "environment runs newer version 5"),
                        AutoDeployment.skipped(DEV2, new Version(3), "already deployed"));
    }

    @Test
    void replacesAnOlderVersion() {
        assertThat(AutoDeploy.plan(release(3, DEV), ENVIRONMENTS, Map.of(DEV, new Version(2))))
                .containsExactly(AutoDeployment.deployed(DEV, new Version(3)));
    }

    private static Environment environment(EnvName name, EnvironmentConfig config) {
        return new Environment(name, config, Instant.EPOCH, Instant.EPOCH);
    }

    private static Release release(long version, EnvName... environments) {
        Map<EnvName, Manifest> manifests = new java.util.TreeMap<>();
        for (EnvName environment : environments) {
            manifests.put(environment, Manifest.of("kind: ConfigMap\n"));
        }
        return new Release(
                AppName.of("cart"),
                new Version(version),
                manifests,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.EPOCH,
                Actor.ANONYMOUS);
    }
}
