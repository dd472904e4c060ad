package io.trebuchet.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "{0} in night window: {1}")
    @CsvSource({
        "2026-11-02T21:59:59Z, false",
        "2026-11-02T22:00:00Z, true",
        "2026-11-02T23:30:00Z, true",
        "2026-11-03T00:00:00Z, true",
        "2026-11-03T05:59:59Z, true",
        "2026-11-03T06:00:00Z, false",
        "2026-11-03T12:00:00Z, false",
    })
    void nightWindowSpansMidnight(Instant now, boolean open) {
        TimeWindow night = new TimeWindow(CronExpression.of("0 22 * * *"), Duration.ofHours(8), ZoneOffset.UTC);

        assertThat(night.contains(now)).isEqualTo(open);
    }

    @ParameterizedTest(name = "{0}: open {1}")
    @CsvSource({
        // Spring forward in Berlin on 2026-03-29: 01:00 CET is 00:00Z; three real hours later is 03:00Z = 05:00 CEST.
        "2026-03-28T23:59:59Z, false",
        "2026-03-29T00:00:00Z, true",
        "2026-03-29T02:59:59Z, true",
        "2026-03-29T03:00:00Z, false",
        // Fall back on 2026-10-25: 22:00 CEST on the 24th is 20:00Z; eight real hours later is 04:00Z = 05:00 CET.
        "2026-10-24T19:59:59Z, false",
        "2026-10-24T20:00:00Z, true",
        "2026-10-25T03:59:59Z, true",
        "2026-10-25T04:00:00Z, false",
        // The next night opens at 22:00 CET = 21:00Z.
        "2026-10-25T20:59:59Z, false",
        "2026-10-25T21:00:00Z, true",
    })
    void windowsLastTheirRealDurationAcrossDaylightSavingChanges(Instant now, boolean open) {
        TimeWindow earlyMorning = new TimeWindow(CronExpression.of("0 1 29 3 *"), Duration.ofHours(3), BERLIN);
        TimeWindow night = new TimeWindow(CronExpression.of("0 22 * 10 *"), Duration.ofHours(8), BERLIN);

        assertThat(earlyMorning.contains(now) || night.contains(now)).isEqualTo(open);
    }

    @ParameterizedTest(name = "{0}: open {1}")
    @CsvSource({
        "2026-11-06T08:59:00Z, false", // Friday before nine
        "2026-11-06T09:00:00Z, true",
        "2026-11-06T17:59:00Z, true",
        "2026-11-07T10:00:00Z, false", // Saturday
        "2026-11-09T10:00:00Z, true", // Monday
    })
    void weekdayWindows(Instant now, boolean open) {
        TimeWindow office = new TimeWindow(CronExpression.of("0 9 * * 1-5"), Duration.ofHours(9), ZoneOffset.UTC);

        assertThat(office.contains(now)).isEqualTo(open);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-02T21:00:00Z, 2026-11-02T22:00:00Z", "2026-11-02T22:00:00Z, 2026-11-03T22:00:00Z"})
    void findsTheNextOpening(Instant now, Instant next) {
        TimeWindow night = new TimeWindow(CronExpression.of("0 22 * * *"), Duration.ofHours(8), ZoneOffset.UTC);

        assertThat(night.nextOpening(now)).contains(next);
        assertThat(night.openUntil(Instant.parse("2026-11-02T23:00:00Z")))
                .contains(Instant.parse("2026-11-03T06:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "* * * *", "* * * * * *", "61 * * * *", "0 25 * * *", "every day", "@daily"})
    void refusesWhatIsNotAFiveFieldCron(String expression) {
        assertThatThrownBy(() -> CronExpression.of(expression))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_SCHEDULE));
    }

    @ParameterizedTest
    @CsvSource({"30m, PT30M", "8h, PT8H", "1h30m, PT1H30M", "2d, PT48H", "90s, PT1M30S"})
    void parsesDurations(String text, Duration expected) {
        assertThat(Durations.parse(text, "duration")).isEqualTo(expected);
        assertThat(Durations.parse(Durations.format(expected), "duration")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0m", "h", "1x", "-1h", "1.5h", "PT1H", "99999999999h"})
    void refusesDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "duration")).isInstanceOf(TrebuchetException.class);
    }
}
