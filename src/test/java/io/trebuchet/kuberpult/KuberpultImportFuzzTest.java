package io.trebuchet.kuberpult;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trebuchet.core.EnvName;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ReleaseRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** The files of a Kuberpult manifest repository, read as the import reads them. */
class KuberpultImportFuzzTest {
    private static final List<String> PATHS = List.of(
            "environments/%s/config.json",
            "applications/%s/team",
            "applications/%s/releases/%s/environments/%s/manifests.yaml",
            "applications/%s/releases/%s/source_commit_id",
            "applications/%s/releases/%s/source_author",
            "applications/%s/releases/%s/display_version",
            "environments/%s/applications/%s/version",
            "environments/%s/applications/%s/deployed_by",
            "environments/%s/applications/%s/manifests/manifests.yaml",
            "environments/%s/applications/%s/queued_version",
            "environments/%s/applications/%s/deployed_at_utc",
            "environments/%s/applications/%s/locks/%s/message",
            "environments/%s/locks/%s/created_at",
            "environments/%s/locks/%s",
            "environments/%s/teams/%s/locks/%s/created_by_name",
            "applications/%s/releases/%s/created_at",
            "argocd/v1alpha1/%s.yaml");

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "dev",
        "prod",
        "app",
        "1",
        "2",
        "../releases/1",
        "{\"upstream\":{\"latest\":true}}",
        "kind: Application",
        "annotations:",
        "com.freiheit.kuberpult/team",
        "2024-01-02 15:04:05.123 +0000 UTC",
        "2024-01-02T15:04:05+01:00"
    })
    void repositories(FuzzedDataProvider data) {
        SortedMap<String, String> files = new TreeMap<>();
        int count = data.consumeInt(0, 10);
        for (int i = 0; i < count; i++) {
            String path = data.pickValue(PATHS)
                    .formatted(data.consumeString(12), data.consumeString(12), data.consumeString(12));
            files.put(path, data.consumeString(1_000));
        }
        acceptsOrRefuses(() -> {
            KuberpultImport found = KuberpultLayout.read(files);
            for (KuberpultImport.Lock lock : found.locks()) {
                // What the importer makes of each lock.
                LockId.of(lock.id());
                LockRequest.of(lock.message());
            }
            for (KuberpultImport.Release release : found.releases()) {
                // What the importer makes of each release.
                Map<EnvName, Manifest> manifests = new TreeMap<>();
                release.manifests().forEach((environment, text) -> manifests.put(environment, Manifest.of(text)));
                new ReleaseRequest(
                        release.application(),
                        Optional.of(release.version()),
                        manifests,
                        found.teams().getOrDefault(release.application(), Optional.empty()),
                        release.sourceCommitId(),
                        release.sourceAuthor(),
                        release.sourceMessage(),
                        release.displayVersion(),
                        Optional.empty());
            }
        });
    }
}
