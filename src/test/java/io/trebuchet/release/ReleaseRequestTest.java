package io.trebuchet.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseRequestTest {
    private static final Map<EnvName, Manifest> DEV = Map.of(EnvName.of("dev"), Manifest.of("kind: ConfigMap\n"));

    @ParameterizedTest
    @ValueSource(strings = {"abcdef1", "ABCDEF1234", "0123456789abcdef0123456789abcdef01234567"})
    void acceptsGitCommitIds(String commit) {
        assertThat(request(Optional.of(commit), Optional.empty()).sourceCommitId())
                .contains(commit.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "abcdefg", "0123456789abcdef0123456789abcdef012345678", "main"})
    void refusesWhatIsNotACommitId(String commit) {
        assertThatThrownBy(() -> request(Optional.of(commit), Optional.empty()))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.details()).containsEntry("field", "source_commit_id"));
    }

    @Test
    void displayVersionIsAtMostFifteenCharacters() {
        assertThat(request(Optional.empty(), Optional.of("v1.2.3-rc.12345")).displayVersion())
                .contains("v1.2.3-rc.12345");
        assertThatThrownBy(() -> request(Optional.empty(), Optional.of("v1.2.3-rc.123456")))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.details()).containsEntry("field", "display_version"));
    }

    @Test
    void needsAtLeastOneManifest() {
        assertThatThrownBy(() -> new ReleaseRequest(
                        AppName.of("cart"),
                        Optional.empty(),
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.MISSING_MANIFEST));
    }

    @Test
    void sameContentIsNoDifferenceButAnyFieldIs() {
        ReleaseRequest request = request(Optional.of("abcdef1"), Optional.of("1.0"));
        Release release = new Release(
                request.application(),
                new Version(1),
                request.manifests(),
                Optional.empty(),
                request.sourceCommitId(),
                request.sourceAuthor(),
                request.sourceMessage(),
                request.displayVersion(),
                Optional.of("https://ci.example.com/1"),
                Instant.EPOCH,
                Actor.ANONYMOUS);

        assertThat(release.firstDifference(request)).isEmpty();
        assertThat(release.firstDifference(request(Optional.of("abcdef2"), Optional.of("1.0"))))
                .contains("source_commit_id");
        assertThat(release.firstDifference(request(Optional.of("abcdef1"), Optional.of("1.1"))))
                .contains("display_version");
        assertThat(release.firstDifference(request(Optional.of("abcdef1"), Optional.empty())))
                .contains("display_version");
    }

    private static ReleaseRequest request(Optional<String> commit, Optional<String> displayVersion) {
        return new ReleaseRequest(
                AppName.of("cart"),
                Optional.empty(),
                DEV,
                Optional.empty(),
                commit,
                Optional.empty(),
                Optional.empty(),
                displayVersion,
                Optional.empty());
    }
}
