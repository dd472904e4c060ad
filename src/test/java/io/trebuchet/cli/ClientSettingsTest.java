package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientSettingsTest {
    @org.junit.jupiter.api.Test
    void defaultsWhenNothingIsGiven() {
        ClientSettings settings = ClientSettings.resolve(List.of(new ClientOptions()), Map.of());

        assertThat(settings.url()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.output()).isEqualTo(OutputFormat.TABLE);
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.authorName()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theCommandsOptionWinsOverTheRootsWhichWinsOverTheEnvironment() {
        ClientOptions command = new ClientOptions();
        command.url = "https://inner.example.com/";
        ClientOptions root = new ClientOptions();
        root.url = "https://outer.example.com";
        root.output = "JSON";
        root.retries = 0;
        Map<String, String> environment = Map.of(
                "TREBUCHET_URL", "https://env.example.com",
                "TREBUCHET_OUTPUT", "table",
                "TREBUCHET_TOKEN", "secret",
                "TREBUCHET_TIMEOUT", "2m",
                "TREBUCHET_AUTHOR_NAME", "CI");

        ClientSettings settings = ClientSettings.resolve(List.of(command, root), environment);

        assertThat(settings.url()).isEqualTo(URI.create("https://inner.example.com"));
        assertThat(settings.output()).isEqualTo(OutputFormat.JSON);
        assertThat(settings.retries()).isZero();
        assertThat(settings.token()).contains("secret");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.authorName()).contains("CI");

        assertThat(ClientSettings.resolve(List.of(new ClientOptions()), environment)
                        .url())
                .isEqualTo(URI.create("https://env.example.com"));
    }

    static Stream<Arguments> timeouts() {
        return Stream.of(
                Arguments.of("30", Duration.ofSeconds(30)),
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("2m", Duration.ofMinutes(2)));
    }

    @ParameterizedTest
    @MethodSource("timeouts")
    void timeoutsAreSecondsOrDurations(String text, Duration expected) {
        assertThat(ClientSettings.timeout(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1h", "soon", "1.5s", ""})
    void badTimeoutsAreUsageErrors(String text) {
        assertThatThrownBy(() -> ClientSettings.timeout(text))
                .isInstanceOfSatisfying(
                        CommandFailure.class,
                        failure -> assertThat(failure.exitCode()).isEqualTo(Main.EXIT_USAGE))
                .hasMessageContaining("--timeout");
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("url", "localhost:8080", "--url must be an http(s) URL"),
                Arguments.of("url", "ftp://example.com", "--url must be an http(s) URL"),
                Arguments.of("url", "http://example.com/?a=b", "--url must be an http(s) URL"),
                Arguments.of("output", "yaml", "--output must be table or json, got 'yaml'"),
                Arguments.of("retries", "-1", "--retries must be between 0 and 20, got -1"),
                Arguments.of("retries", "21", "--retries must be between 0 and 20, got 21"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionsAreUsageErrors(String option, String value, String message) {
        ClientOptions options = new ClientOptions();
        switch (option) {
            case "url" -> options.url = value;
            case "output" -> options.output = value;
            default -> options.retries = Integer.parseInt(value);
        }

        assertThatThrownBy(() -> ClientSettings.resolve(List.of(options), Map.of()))
                .isInstanceOfSatisfying(
                        CommandFailure.class,
                        failure -> assertThat(failure.exitCode()).isEqualTo(Main.EXIT_USAGE))
                .hasMessageContaining(message);
    }
}
