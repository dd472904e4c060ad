package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"30s, PT30S", "1m30s, PT1M30S", "1.5h, PT1H30M", "500ms, PT0.5S", "2h45m, PT2H45M", "0, PT0S"})
    void readsGoDurations(String text, Duration expected) {
        assertThat(GoDuration.parse(text, "waitDuration")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "-5s", "1d", "s", "1m 30s", "1.5.5s", "99999999999999999999h"})
    void refusesWhatGoWouldNotReadAndNegativeDurations(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text, "waitDuration"))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
