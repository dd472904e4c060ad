package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.TrebuchetException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExportSettingsTest {
    private static final Path DATA = Path.of("/var/lib/trebuchet");

    @Test
    void credentialsInTheUrlNeverReachTheApplicationsOrTheStatus() {
        ExportSettings settings = ExportSettings.of("https://bot:t0ken@git.example.com/org/manifests.git", DATA);

        assertThat(settings.output().applicationRepoUrl()).isEqualTo("https://git.example.com/org/manifests.git");
        assertThat(settings.remote().redacted()).isEqualTo("https://git.example.com/org/manifests.git");
        assertThat(settings.remote().url()).isEqualTo("https://bot:t0ken@git.example.com/org/manifests.git");
        assertThat(RemoteCredentials.basic("bot", "t0ken").toString()).doesNotContain("t0ken");
        assertThat(ExportSettings.of("ssh://git:secret@git.example.com:2222/org/manifests.git", DATA)
                        .output()
                        .applicationRepoUrl())
                .as("ssh keeps its user name")
                .isEqualTo("ssh://git@git.example.com:2222/org/manifests.git");
    }

    @Test
    void helmReleaseOutputNeedsFluxMode() {
        ExportSettings settings = ExportSettings.of("https://git.example.com/org/manifests.git", DATA);

        assertThat(settings.output().chartOutput()).isEqualTo(ChartOutput.RENDERED);
        assertThat(settings.withMode(ExportMode.FLUX)
                        .withChartOutput(ChartOutput.HELMRELEASE)
                        .output()
                        .chartOutput())
                .isEqualTo(ChartOutput.HELMRELEASE);
        assertThatThrownBy(() -> settings.withChartOutput(ChartOutput.HELMRELEASE))
                .isInstanceOf(TrebuchetException.class)
                .hasMessageContaining("export mode flux");
    }

    @Test
    void httpsCredentialsAreATokenWithoutAUserNameAndNothingWithoutAPassword() {
        assertThat(RemoteCredentials.https(Optional.of("bot"), Optional.of("s3cret")))
                .isEqualTo(RemoteCredentials.basic("bot", "s3cret"));
        assertThat(RemoteCredentials.https(Optional.empty(), Optional.of("t0ken")))
                .isEqualTo(RemoteCredentials.token("t0ken"));
        assertThat(RemoteCredentials.https(Optional.of(" "), Optional.of("t0ken")))
                .isEqualTo(RemoteCredentials.token("t0ken"));
        assertThat(RemoteCredentials.https(Optional.of("bot"), Optional.of(""))).isEqualTo(RemoteCredentials.none());
        assertThat(RemoteCredentials.https(Optional.empty(), Optional.empty())).isEqualTo(RemoteCredentials.none());
    }

    @Test
    void theEmbeddedDefaultIsABareRepositoryInTheDataDirectory() {
        ExportSettings settings = ExportSettings.defaults(DATA);

        assertThat(settings.remote().url()).isEqualTo("file:///var/lib/trebuchet/manifests.git");
        assertThat(settings.remote().createLocalRepository()).isTrue();
        assertThat(settings.remote().branch()).isEqualTo("main");
        assertThat(settings.output().mode()).isEqualTo(ExportMode.ARGOCD);
        assertThat(ExportSettings.of("/srv/git/manifests.git/", DATA).remote().url())
                .isEqualTo("file:///srv/git/manifests.git");
        assertThat(ExportSettings.of("git@github.com:org/manifests.git", DATA)
                        .remote()
                        .url())
                .isEqualTo("git@github.com:org/manifests.git");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        ExportSettings settings = ExportSettings.defaults(DATA);

        assertThatThrownBy(() -> settings.withBranch("../main")).isInstanceOf(TrebuchetException.class);
        assertThatThrownBy(() -> settings.withFluxSource("Not_A_Name", "flux-system"))
                .isInstanceOf(TrebuchetException.class);
        assertThatThrownBy(() -> settings.withBatching(0, java.time.Duration.ZERO))
                .isInstanceOf(TrebuchetException.class);
        assertThatThrownBy(() -> new RemoteCredentials(
                        java.util.Optional.of("bot"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty()))
                .isInstanceOf(TrebuchetException.class);
    }
}
