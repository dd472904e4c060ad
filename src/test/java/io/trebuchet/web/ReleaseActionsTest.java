package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.Release;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseActionsTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final Release RELEASE_2 = new Release(
            AppName.of("cart"),
            new Version(2),
            Map.of(DEV, Manifest.of("kind: ConfigMap\n")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Instant.parse("2026-11-02T10:00:00Z"),
            Actor.ANONYMOUS);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "dev  | 0 | true  | ''",
                "dev  | 1 | true  | ''",
                "dev  | 3 | true  | ''",
                "dev  | 2 | false | dev runs v2 already.",
                "prod | 0 | false | Release v2 has no manifest for prod.",
                "prod | 1 | false | Release v2 has no manifest for prod."
            })
    void deployNeedsAManifestAndAnotherVersionRunning(
            String environment, long running, boolean enabled, String refusal) {
        ReleaseActions.Action action = ReleaseActions.deploy(RELEASE_2, EnvName.of(environment), version(running));

        assertThat(action.label()).isEqualTo("Deploy v2");
        assertThat(action.enabled()).isEqualTo(enabled);
        assertThat(action.refusal().orElse("")).isEqualTo(refusal);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"0 | false | Not deployed in dev.", "1 | true | ''", "2 | true | ''"})
    void removeNeedsTheApplicationToRunThere(long running, boolean enabled, String refusal) {
        ReleaseActions.Action action = ReleaseActions.remove(DEV, version(running));

        assertThat(action.enabled()).isEqualTo(enabled);
        assertThat(action.refusal().orElse("")).isEqualTo(refusal);
    }

    private static Optional<Version> version(long value) {
        return value == 0 ? Optional.empty() : Optional.of(new Version(value));
    }
}
