package io.trebuchet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiSettingsTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.5", "localhost", "::1", "[::1]"})
    void loopbackBindsAreNotReachableFromOtherMachines(String bind) {
        assertThat(new ApiSettings(bind, 8080, 1024).reachableFromOtherMachines())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "", "192.0.2.10"})
    void otherBindsAreReachableAndSaySoWithTheWayOut(String bind) {
        ApiSettings settings = new ApiSettings(bind, 8080, 1024);
        assertThat(settings.reachableFromOtherMachines()).isTrue();
        assertThat(settings.exposure())
                .contains("anyone who can reach this address can deploy")
                .contains("--auth-mode")
                .contains("127.0.0.1");
    }

    @Test
    void allowedHostsAreCheckedAndKeptInLowerCase() {
        assertThat(new ApiSettings(
                                "127.0.0.1",
                                0,
                                1024,
                                List.of("Trebuchet.Example.com", "trebuchet.example.com"),
                                AdmissionSettings.DEFAULTS)
                        .allowedHosts())
                .containsExactly("trebuchet.example.com");
        assertThatThrownBy(() -> new ApiSettings(
                        "127.0.0.1", 0, 1024, List.of("https://x.example.com"), AdmissionSettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://x.example.com");
    }
}
