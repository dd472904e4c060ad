package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartSourcesTest {
    private static final ChartSources SOURCES = ChartSources.of(List.of("ghcr.io", "registry.example.com:5000"));

    @Test
    void credentialsAreFoundByHostAndPortThenByHost() {
        ChartSources sources = SOURCES.withCredentials(
                List.of("ghcr.io=ci:/run/secrets/ghcr", "registry.example.com:5000=bot:/run/secrets/registry"));

        assertThat(sources.credentials(URI.create("https://ghcr.io/v2/org/chart/manifests/1.0.0")))
                .contains(new ChartCredentials("ci", Path.of("/run/secrets/ghcr")));
        assertThat(sources.credentials(URI.create("https://ghcr.io:8443/v2/")))
                .contains(new ChartCredentials("ci", Path.of("/run/secrets/ghcr")));
        assertThat(sources.credentials(URI.create("https://registry.example.com:5000/v2/")))
                .contains(new ChartCredentials("bot", Path.of("/run/secrets/registry")));
        assertThat(sources.credentials(URI.create("https://registry.example.com/v2/")))
                .isEmpty();
        assertThat(SOURCES.credentials(URI.create("https://ghcr.io/v2/"))).isEmpty();
    }

    @Test
    void badCredentialsAreRefusedAtStart() {
        for (String entry : List.of(
                "ghcr.io",
                "ghcr.io=ci",
                "=ci:/run/secrets/ghcr",
                "ghcr.io=:/run/secrets/ghcr",
                "ghcr.io=ci:secrets/relative",
                "quay.io=ci:/run/secrets/quay")) {
            assertThatThrownBy(() -> SOURCES.withCredentials(List.of(entry)))
                    .as(entry)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void credentialsNameTheirFileNotAPassword() {
        assertThat(new ChartCredentials("ci", Path.of("/run/secrets/ghcr")).toString())
                .isEqualTo("ChartCredentials[username=ci, passwordFile=/run/secrets/ghcr]");
    }
}
