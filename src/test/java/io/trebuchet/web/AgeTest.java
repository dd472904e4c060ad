package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeTest {
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "PT0S, just now",
        "PT59S, just now",
        "PT-5M, just now",
        "PT1M, 1 minute ago",
        "PT59M59S, 59 minutes ago",
        "PT1H, 1 hour ago",
        "PT23H59M, 23 hours ago",
        "P1D, 1 day ago",
        "P29D, 29 days ago",
        "P30D, 1 month ago",
        "P364D, 12 months ago",
        "P365D, 1 year ago",
        "P1000D, 2 years ago"
    })
    void saysHowLongAgoInWords(String age, String expected) {
        assertThat(Age.since(NOW.minus(Duration.parse(age)), NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, just now",
        "PT-2H, 2 hours ago",
        "PT30S, in less than a minute",
        "PT1M, in 1 minute",
        "PT90M, in 1 hour",
        "PT3H, in 3 hours",
        "P2D, in 2 days",
        "P60D, in 2 months",
        "P800D, in 2 years"
    })
    void saysHowFarAwayInEitherDirection(String offset, String expected) {
        assertThat(Age.relative(NOW.plus(Duration.parse(offset)), NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2026-11-02T10:00:00Z, 2026-11-02 10:00:00 UTC", "2026-01-31T23:59:59.999Z, 2026-01-31 23:59:59 UTC"})
    void givesTheExactTimeInUtc(String instant, String expected) {
        assertThat(Age.time(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "open until 2026-11-02T18:00:00Z | open until 2026-11-02 18:00:00 UTC",
                "from 2026-11-02T18:00:00.250Z to 2026-11-03T06:00:00Z."
                        + " | from 2026-11-02 18:00:00 UTC to 2026-11-03 06:00:00 UTC.",
                "no time in here | no time in here",
                "not a day: 2026-13-45T18:00:00Z | not a day: 2026-13-45T18:00:00Z"
            })
    void printsTheInstantsInAStoredTextAsPagesPrintTimes(String text, String expected) {
        assertThat(Age.times(text)).isEqualTo(expected);
    }
}
