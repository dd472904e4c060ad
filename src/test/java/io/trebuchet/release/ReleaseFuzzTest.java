package io.trebuchet.release;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trebuchet.core.EnvName;
import io.trebuchet.policy.PolicyCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Kuberpult's release form and the manifests it carries, as CI (or anyone) may send them. */
class ReleaseFuzzTest {
    private static final List<String> FIELDS = List.of(
            "application",
            "version",
            "team",
            "source_commit_id",
            "source_author",
            "source_message",
            "display_version",
            "ci_link",
            "manifests[dev]",
            "manifests[prod-de]",
            "signatures[dev]");

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"apiVersion: v1", "kind: ", "Deployment", "metadata:", "  name: ", "&a ", "*a", "---", "!!int "
    })
    void manifests(FuzzedDataProvider data) {
        String manifest = data.consumeRemainingAsString();
        boolean accepted = acceptsOrRefuses(() -> ManifestCheck.check(EnvName.of("dev"), manifest));
        if (accepted) {
            // An accepted manifest is checked against the policies when it is released or deployed.
            acceptsOrRefuses(() -> PolicyCheck.check(manifest));
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"manifests[", "signatures[", "]", "http://", "https://"})
    void kuberpultForms(FuzzedDataProvider data) {
        Map<String, List<String>> fields = new HashMap<>();
        int count = data.consumeInt(0, 12);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(FIELDS) : data.consumeString(40);
            fields.computeIfAbsent(name, ignored -> new ArrayList<>()).add(data.consumeString(2_000));
        }
        ReleaseResource.Endpoint endpoint =
                data.consumeBoolean() ? ReleaseResource.Endpoint.LEGACY : ReleaseResource.Endpoint.API;
        java.util.Set<String> files = data.consumeBoolean() ? fields.keySet() : java.util.Set.of();
        acceptsOrRefuses(() -> new ReleaseResource.Form(fields, files, endpoint).request());
    }
}
