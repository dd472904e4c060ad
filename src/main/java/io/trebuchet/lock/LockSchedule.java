package io.trebuchet.lock;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.schedule.CronExpression;
import io.trebuchet.schedule.Durations;
import io.trebuchet.schedule.TimeWindow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** When a scheduled lock applies: each time {@code schedule} fires, for {@code duration}, in {@code timeZone}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LockSchedule(String schedule, String duration, Optional<String> timeZone) {
    public LockSchedule {
        CronExpression.of(schedule);
        Durations.parse(duration, "schedule.duration");
        timeZone = timeZone == null ? Optional.empty() : timeZone;
        timeZone.ifPresent(zone -> {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_SCHEDULE,
                        "'%s' is not a known time zone (e.g. Europe/Berlin, UTC)".formatted(zone),
                        Map.of("field", "schedule.timeZone"));
            }
        });
    }

    public TimeWindow window() {
        return new TimeWindow(
                CronExpression.of(schedule),
                Durations.parse(duration, "schedule.duration"),
                timeZone.map(ZoneId::of).orElse(ZoneOffset.UTC));
    }
}
