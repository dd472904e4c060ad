package io.trebuchet.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A window that opens each time {@code schedule} fires in {@code zone} and stays open for {@code duration}: every
 * night at 22:00 for 8 hours, weekdays 09:00 for 9 hours. Durations are real time, so a window that spans a
 * daylight-saving change is as long as it says.
 */
public record TimeWindow(CronExpression schedule, Duration duration, ZoneId zone) {
    public TimeWindow {
        requireNonNull(schedule, "schedule is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(zone, "zone is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }

    /**
     * When the window that contains {@code now} closes; empty when {@code now} is outside every window. Only the
     * latest opening can contain {@code now}: every earlier one closes before it (same duration).
     */
    public Optional<Instant> openUntil(Instant now) {
        return schedule.lastFiring(now, zone)
                .map(opened -> opened.plus(duration))
                .filter(closes -> closes.isAfter(now));
    }

    public boolean contains(Instant now) {
        return openUntil(now).isPresent();
    }

    /** The next time the window opens after {@code now}. */
    public Optional<Instant> nextOpening(Instant now) {
        return schedule.nextFiring(now, zone);
    }
}
