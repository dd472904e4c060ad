package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.store.StoreSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingWait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replicas on one PostgreSQL store elect one exporter; another takes over when it stops. */
@ExtendWith(TestingDatabases.class)
class ExportLeadershipIT {
    @Test
    void oneReplicaExportsTheOtherStandsByAndTakesOverWhenItStops(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        Path firstData = TestingGit.temporaryDirectory("replica-a");
        Path secondData = TestingGit.temporaryDirectory("replica-b");
        StoreSettings database = databases.newDatabase(Backend.POSTGRESQL, firstData);
        Function<Path, ExportSettings> export =
                data -> ExportSettings.of(remote.toString(), data).withBatching(100, Duration.ZERO);
        try (TestingServer first = TestingServer.startOn(firstData, database, export)) {
            TestingExport.awaitPushed(first.http());
            try (TestingServer second = TestingServer.startOn(secondData, database, export)) {
                TestingWait.until(
                        "the second replica to stand by",
                        TestingExport.TIMEOUT,
                        () -> TestingExport.status(second.http())
                                .path("state")
                                .asText()
                                .equals("standby"));
                Response refused = second.http().postJson("/api/v1/export/rerender", "");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("EXPORT_UNAVAILABLE");

                new TestingPlatform(second.http()).threeStages().release("cart", "dev");
                TestingExport.awaitPushed(first.http());

                first.stop();
                new TestingPlatform(second.http()).release("cart", "dev", "staging");
                Response deployed = second.http()
                        .postJson(
                                "/api/v1/environments/staging/applications/cart/deploy",
                                TestingHttp.json("version", 2));
                assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
                TestingExport.awaitPushed(second.http());
                assertThat(TestingGit.git(remote, "ls-tree", "-r", "--name-only", "main"))
                        .contains("environments/staging/applications/cart/manifests/manifests.yaml");

                assertThat(TestingExport.status(second.http()).path("state").asText())
                        .isEqualTo("running");
                GitRemotesIT.assertEventsIncreaseAlongHistory(remote);
                assertThat(GitRemotesIT.rerender(second.http())).isFalse();
            }
        }
    }
}
