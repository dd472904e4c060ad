package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KuberpultLayoutTest {
    private static final String LATEST = "{\"upstream\": {\"latest\": true}}";
    private static final AppName CART = AppName.of("cart");
    private static final EnvName DEV = EnvName.of("dev");

    @Test
    void aDeploymentWithoutItsReleaseBecomesAReleaseUnderTheVersionItNames() {
        KuberpultImport found = KuberpultLayout.read(new TreeMap<>(Map.of(
                "environments/dev/config.json", LATEST,
                "environments/dev/applications/cart/manifests/manifests.yaml", "kind: A\n",
                "environments/dev/applications/cart/version", "../../../../applications/cart/releases/7")));

        assertThat(found.releases()).singleElement().satisfies(release -> {
            assertThat(release.version()).isEqualTo(new Version(7));
            assertThat(release.manifests()).containsEntry(DEV, "kind: A\n");
        });
        assertThat(found.deployments())
                .singleElement()
                .satisfies(deployment -> assertThat(deployment.version()).isEqualTo(new Version(7)));
    }

    @Test
    void withoutVersionsTheRunningManifestIsMatchedToTheNewestReleaseThatHasIt() {
        KuberpultImport found = KuberpultLayout.read(new TreeMap<>(Map.of(
                "environments/dev/config.json", LATEST,
                "applications/cart/releases/1/environments/dev/manifests.yaml", "kind: A\n",
                "applications/cart/releases/2/environments/dev/manifests.yaml", "kind: B\n",
                "applications/cart/releases/3/environments/dev/manifests.yaml", "kind: A\n",
                "environments/dev/applications/cart/manifests/manifests.yaml", "kind: A")));

        assertThat(found.deployments())
                .singleElement()
                .satisfies(deployment -> assertThat(deployment.version()).isEqualTo(new Version(3)));
        assertThat(found.releases()).hasSize(3);
    }

    @Test
    void whatCannotBeImportedIsLeftOutWithAWarning() {
        KuberpultImport found = KuberpultLayout.read(new TreeMap<>(Map.of(
                "environments/dev/config.json", LATEST,
                "applications/cart/releases/1/environments/gone/manifests.yaml", "kind: A\n",
                "applications/cart/releases/2.1/environments/dev/manifests.yaml", "kind: A\n",
                "applications/Bad_Name/team", "x",
                "environments/dev/applications/cart/version", "../../../../applications/cart/releases/9")));

        assertThat(found.releases()).isEmpty();
        assertThat(found.deployments()).isEmpty();
        assertThat(found.teams()).containsEntry(CART, Optional.empty());
        assertThat(found.warnings())
                .anyMatch(warning -> warning.contains("environment gone, which does not exist"))
                .anyMatch(warning -> warning.contains("no release revisions"))
                .anyMatch(warning -> warning.contains("Bad_Name"))
                .anyMatch(warning -> warning.contains("neither its manifest nor its release"));
    }
}
