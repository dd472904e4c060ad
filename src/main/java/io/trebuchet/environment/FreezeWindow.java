package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optional;
import static io.trebuchet.environment.ConfigChecks.text;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.schedule.Durations;
import io.trebuchet.schedule.TimeWindow;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A deploy-freeze window of an environment: {@code deny} windows forbid automated changes while open; when an
 * environment has {@code allow} windows, automation may change it only while one of them is open. Same fields as an
 * Argo CD sync window, to which it is also exported.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FreezeWindow(String kind, String schedule, String duration, Optional<String> timeZone) {
    public FreezeWindow {
        text(kind, "freezeWindows.kind");
        if (!kind.equals("deny") && !kind.equals("allow")) {
            throw invalid("freezeWindows.kind", "must be 'deny' or 'allow', got '%s'".formatted(kind));
        }
        ConfigChecks.cron(schedule, "freezeWindows.schedule");
        ConfigChecks.duration(duration, "freezeWindows.duration");
        timeZone = optional(timeZone);
        timeZone.ifPresent(zone -> ConfigChecks.zone(zone, "freezeWindows.timeZone"));
    }

    @JsonIgnore
    public boolean isDeny() {
        return kind.equals("deny");
    }

    /** The window as a time window; UTC when no time zone is given. */
    public TimeWindow window() {
        return new TimeWindow(
                io.trebuchet.schedule.CronExpression.of(schedule),
                Durations.parse(duration, "duration"),
                timeZone.map(ZoneId::of).orElse(ZoneOffset.UTC));
    }
}
