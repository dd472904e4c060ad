package io.trebuchet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "cart", "cart-v2", "a1-b2-c3", "abcdefghijabcdefghijabcdefghijabcdefghi"})
    void acceptsApplicationNames(String name) {
        assertThat(AppName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Cart",
                "cart_v2",
                "-cart",
                "cart-",
                "car--t",
                "cart.v2",
                "a b",
                "abcdefghijabcdefghijabcdefghijabcdefghij"
            })
    void refusesApplicationNames(String name) {
        assertThatThrownBy(() -> AppName.of(name))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_APPLICATION_NAME));
    }

    @Test
    void environmentNamesAreAtMostTwentyCharacters() {
        assertThat(EnvName.of("e".repeat(20)).value()).hasSize(20);
        assertThatThrownBy(() -> EnvName.of("e".repeat(21)))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.getMessage()).contains("21 characters", "at most 20"));
    }

    @Test
    void hugeNamesAreAbbreviatedInMessages() {
        assertThatThrownBy(() -> AppName.of("x".repeat(100_000)))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.getMessage()).hasSizeLessThan(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "42", "999999999999999999"})
    void parsesVersions(String text) {
        assertThat(Version.parse(text).value()).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "one", "", " ", "9999999999999999999", "+3"})
    void refusesVersions(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VERSION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane <jane@x>", "line\nbreak", " "})
    void refusesActorsThatWouldCorruptACommit(String name) {
        assertThatThrownBy(() -> new Actor(name, "jane@example.com")).isInstanceOf(TrebuchetException.class);
    }
}
