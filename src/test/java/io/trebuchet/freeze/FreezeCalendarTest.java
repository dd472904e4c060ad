package io.trebuchet.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreezeCalendarTest {
    private static final FreezeWindow NIGHT = window("deny", "0 22 * * *", "8h");
    private static final FreezeWindow OFFICE = window("allow", "0 9 * * 1-5", "8h");
    private static final FreezeWindow FRIDAY_AFTERNOON = window("deny", "0 14 * * 5", "4h");

    @Test
    void noWindowsNeverFreeze() {
        assertThat(FreezeCalendar.check(List.of(), Instant.parse("2026-11-02T23:00:00Z")))
                .isEmpty();
    }

    @Test
    void anOpenDenyWindowFreezesUntilItCloses() {
        Optional<Freeze> freeze = FreezeCalendar.check(List.of(NIGHT), Instant.parse("2026-11-02T23:00:00Z"));

        assertThat(freeze).hasValueSatisfying(value -> {
            assertThat(value.reason()).isEqualTo(Freeze.Reason.DENY_WINDOW_OPEN);
            assertThat(value.until()).contains(Instant.parse("2026-11-03T06:00:00Z"));
            assertThat(value.describe()).contains("0 22 * * *", "2026-11-03T06:00:00Z");
        });
        assertThat(FreezeCalendar.check(List.of(NIGHT), Instant.parse("2026-11-03T06:00:00Z")))
                .isEmpty();
    }

    @Test
    void outsideEveryAllowWindowIsFrozenUntilTheNextOpens() {
        Optional<Freeze> saturday = FreezeCalendar.check(List.of(OFFICE), Instant.parse("2026-11-07T10:00:00Z"));

        assertThat(saturday).hasValueSatisfying(value -> {
            assertThat(value.reason()).isEqualTo(Freeze.Reason.OUTSIDE_ALLOW_WINDOWS);
            assertThat(value.until()).contains(Instant.parse("2026-11-09T09:00:00Z"));
        });
        assertThat(FreezeCalendar.check(List.of(OFFICE), Instant.parse("2026-11-06T10:00:00Z")))
                .isEmpty();
    }

    @Test
    void aDenyWindowInsideAnAllowWindowStillFreezes() {
        Instant fridayAfternoon = Instant.parse("2026-11-06T15:00:00Z");

        assertThat(FreezeCalendar.check(List.of(OFFICE, FRIDAY_AFTERNOON), fridayAfternoon))
                .hasValueSatisfying(value -> assertThat(value.window()).isEqualTo(FRIDAY_AFTERNOON));
    }

    @Test
    void theLongestOpenDenyWindowIsReported() {
        FreezeWindow weekend = window("deny", "0 18 * * 5", "60h");

        assertThat(FreezeCalendar.check(List.of(NIGHT, weekend), Instant.parse("2026-11-06T23:00:00Z")))
                .hasValueSatisfying(value -> assertThat(value.until()).contains(Instant.parse("2026-11-09T06:00:00Z")));
    }

    private static FreezeWindow window(String kind, String schedule, String duration) {
        return FreezeWindow.of(kind, schedule, duration, "UTC");
    }
}
