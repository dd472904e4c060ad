package io.trebuchet.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 0 31 2 *",
                "0 0 30 2 *",
                "0 0 30,31 2 *",
                "* * 30-31 2 *",
                "0 0 31 4,6,9,11 *",
                "59 23 31 2,4,6,9,11 *",
                "*/5 1-3 31 2 *"
            })
    void expressionsThatNeverFireAreRefused(String expression) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CronExpression.of(expression))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_SCHEDULE);
                    assertThat(error.getMessage()).contains("never fires");
                    assertThat(error.details()).containsEntry("field", "schedule");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 0 29 2 *", // leap years only
                "0 0 31 2 1", // day of month or day of week: every Monday in February
                "0 0 31 * *",
                "0 0 30 1-12 *",
                "0 22 * * 1-5",
                "*/15 * * * *",
                "0 0 1 1 *"
            })
    void expressionsThatFireAreAccepted(String expression) {
        CronExpression cron = CronExpression.of(expression);

        assertThat(cron.nextFiring(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2097-03-01T00:00:00Z", "2026-03-01T00:00:00Z"})
    void theTwentyNinthOfFebruaryFiresInTheNextLeapYear(Instant now) {
        CronExpression leapDay = CronExpression.of("0 0 29 2 *");

        assertThat(leapDay.nextFiring(now, ZoneOffset.UTC).orElseThrow().toString())
                .isIn("2104-02-29T00:00:00Z", "2028-02-29T00:00:00Z");
    }
}
