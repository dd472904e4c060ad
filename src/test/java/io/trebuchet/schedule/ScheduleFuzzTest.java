package io.trebuchet.schedule;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Cron expressions and durations as people type them: accepted and usable, or refused with a 4xx. */
class ScheduleFuzzTest {
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/St_Johns"), ZoneId.of("Asia/Kathmandu"));

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "*", "*/", "-", ",", "29", "30", "31", "2", "L", "W", "#", "?", "MON", "FEB", "JAN-DEC", "SUN-SAT"
    })
    void cronExpressions(FuzzedDataProvider data) {
        ZoneId zone = data.pickValue(ZONES);
        Instant now = Instant.ofEpochSecond(data.consumeLong(0, 4_102_444_800L));
        String expression = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> {
            CronExpression cron = CronExpression.of(expression);
            // Whatever is accepted fires, and can be asked when.
            assertThat(cron.nextFiring(now, zone)).isPresent();
            cron.lastFiring(now, zone);
            new TimeWindow(cron, Duration.ofHours(1), zone).contains(now);
        });
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"d", "h", "m", "s", "0", "9999999999"})
    void durations(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> {
            Duration duration = Durations.parse(text, "duration");
            assertThat(Durations.parse(Durations.format(duration), "duration")).isEqualTo(duration);
        });
    }
}
