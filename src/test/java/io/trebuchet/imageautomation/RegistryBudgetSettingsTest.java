package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryBudgetSettingsTest {
    @Test
    void noSettingsKeepTheDefaultsForEveryHost() {
        assertThat(RegistryBudgetSettings.parse(List.of())).isEqualTo(RegistryBudgetSettings.DEFAULT);
    }

    @Test
    void readsARatePerHostWithItsBurstAndConcurrency() {
        RegistryBudgetSettings settings = RegistryBudgetSettings.parse(
                List.of("ghcr.io=5,burst=10,concurrency=4", "Registry.Example.com:5000=0.5", "*=2,concurrency=1"));

        assertThat(settings.perHost())
                .isEqualTo(Map.of(
                        "ghcr.io",
                        new RequestBudget.Settings(5, 10, 4),
                        "registry.example.com:5000",
                        new RequestBudget.Settings(0.5, 1, 2)));
        assertThat(settings.defaults()).isEqualTo(new RequestBudget.Settings(2, 2, 1));
    }

    @Test
    void dockerHubIsNamedAsImageReferencesNameItAndTheLastSettingForAHostWins() {
        RegistryBudgetSettings settings =
                RegistryBudgetSettings.parse(List.of("docker.io=3", "index.docker.io=0.2,burst=2"));

        assertThat(settings.perHost())
                .isEqualTo(Map.of(ImageReference.DOCKER_HUB, new RequestBudget.Settings(0.2, 2, 2)));
        assertThat(ImageReference.parse("nginx").host()).isEqualTo(ImageReference.DOCKER_HUB);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ghcr.io               | has no '='",
                "ghcr.io=fast          | the rate 'fast' is not a number",
                "ghcr.io=NaN           | the rate 'NaN' is not a number",
                "ghcr.io=0             | the rate must be above 0",
                "ghcr.io=-1            | the rate must be above 0",
                "ghcr.io=1,burst=0     | at least 1",
                "ghcr.io=1,burst=two   | burst 'two' is not a whole number",
                "ghcr.io=1,rate=2      | only burst=N and concurrency=N may follow the rate",
                "ghcr.io=1,concurrency=0 | at least 1",
                "https://ghcr.io=1     | neither a registry host (with :PORT) nor *",
                "=1                    | neither a registry host",
            })
    void refusesASettingItCannotReadAndSaysWhy(String spec, String why) {
        assertThatThrownBy(() -> RegistryBudgetSettings.parse(List.of(spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + spec + "'")
                .hasMessageContaining(why);
    }
}
