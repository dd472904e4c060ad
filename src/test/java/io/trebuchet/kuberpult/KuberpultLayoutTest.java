package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
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
        assertThat(found.notImported())
                .anyMatch(warning -> warning.contains("environment gone, which does not exist"))
                .anyMatch(warning -> warning.contains("no release revisions"))
                .anyMatch(warning -> warning.contains("Bad_Name"))
                .anyMatch(warning -> warning.contains("neither its manifest nor its release"));
    }

    @Test
    void locksOfEveryKindKeepTheirMessageAuthorAndTime() {
        KuberpultImport found = KuberpultLayout.read(
                new TreeMap<>(Map.ofEntries(
                        Map.entry("environments/dev/config.json", LATEST),
                        Map.entry("applications/cart/releases/1/environments/dev/manifests.yaml", "kind: A\n"),
                        Map.entry("environments/dev/locks/freeze/message", "release freeze"),
                        Map.entry("environments/dev/locks/freeze/created_by_name", "Jane Doe"),
                        Map.entry("environments/dev/locks/freeze/created_by_email", "jane@example.com"),
                        Map.entry("environments/dev/locks/freeze/created_at", "2024-03-01T10:00:00+01:00"),
                        Map.entry("environments/dev/locks/old-style", "a lock from before the metadata"),
                        Map.entry("environments/dev/applications/cart/locks/cart-lock/message", "cart broken"),
                        Map.entry("environments/dev/teams/payments/locks/team-lock/message", "team away"))),
                Map.of(
                        "environments/dev/locks/old-style",
                        new KuberpultImport.Change(
                                Optional.of(new Actor("Old Timer", "old@example.com")),
                                Optional.of(Instant.parse("2022-01-01T00:00:00Z")))));

        assertThat(found.locks())
                .extracting(lock -> lock.kind() + " " + lock.id() + " " + lock.message() + " "
                        + lock.created().author().map(Actor::email).orElse("-") + " "
                        + lock.created().at().map(Instant::toString).orElse("-"))
                .containsExactlyInAnyOrder(
                        "ENVIRONMENT freeze release freeze jane@example.com 2024-03-01T09:00:00Z",
                        "ENVIRONMENT old-style a lock from before the metadata old@example.com 2022-01-01T00:00:00Z",
                        "APPLICATION cart-lock cart broken - -",
                        "TEAM team-lock team away - -");
        assertThat(found.notImported()).isEmpty();
    }

    @Test
    void deploymentTimesAndQueuedVersionsAreRead() {
        KuberpultImport found = KuberpultLayout.read(new TreeMap<>(Map.of(
                "environments/dev/config.json", LATEST,
                "applications/cart/releases/1/environments/dev/manifests.yaml", "kind: A\n",
                "applications/cart/releases/1/created_at", "2024-01-02T03:04:05Z",
                "applications/cart/releases/2/environments/dev/manifests.yaml", "kind: B\n",
                "environments/dev/applications/cart/version", "../../../../applications/cart/releases/1",
                "environments/dev/applications/cart/deployed_at_utc", "2024-01-03 10:11:12.5 +0000 UTC",
                "environments/dev/applications/cart/queued_version", "../../../../applications/cart/releases/2",
                "environments/dev/applications/cart/something_new", "?")));

        assertThat(found.releases().getFirst().createdAt()).contains(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(found.deployments())
                .singleElement()
                .satisfies(deployment ->
                        assertThat(deployment.deployed().at()).contains(Instant.parse("2024-01-03T10:11:12.5Z")));
        assertThat(found.queued())
                .singleElement()
                .satisfies(queued -> assertThat(queued.version()).isEqualTo(new Version(2)));
        assertThat(found.notImported())
                .containsExactly("environments/dev/applications/cart/something_new: not imported, Trebuchet does not"
                        + " know this file");
    }

    @Test
    void aLockOnAnUnknownApplicationOrWithoutMessageIsListed() {
        KuberpultImport found = KuberpultLayout.read(new TreeMap<>(Map.of(
                "environments/dev/config.json", LATEST,
                "environments/dev/applications/ghost/locks/x1/message", "ghost lock",
                "environments/prod/locks/p1/message", "no prod",
                "environments/dev/locks/empty/created_by_name", "Jane")));

        assertThat(found.locks()).isEmpty();
        assertThat(found.notImported())
                .anyMatch(reason -> reason.contains("ghost/locks/x1: lock not imported, application ghost"))
                .anyMatch(reason -> reason.contains("prod/locks/p1: lock not imported, environment prod"))
                .anyMatch(reason -> reason.contains("dev/locks/empty: lock not imported, it has no message"));
    }
}
