package io.trebuchet.freeze;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.schedule.CronExpression;
import io.trebuchet.schedule.HumanDuration;
import io.trebuchet.schedule.TimeWindow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A deploy-freeze window of an environment: {@code deny} windows forbid automated changes while open; when an
 * environment has {@code allow} windows, automation may change it only while one of them is open. Same fields as an
 * Argo CD sync window, to which it is also exported; written in an environment's config as strings ({@code kind},
 * {@code schedule}, {@code duration} such as {@code 8h}, optional {@code timeZone}), read into types once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"kind", "schedule", "duration", "timeZone"})
public record FreezeWindow(Kind kind, CronExpression schedule, HumanDuration duration, Optional<ZoneId> timeZone) {
    public FreezeWindow {
        requireNonNull(kind, "kind is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(timeZone, "timeZone is null");
    }

    /** Whether the window forbids changes while open, or allows them only then. */
    public enum Kind {
        DENY,
        ALLOW;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads a window as an environment config writes it; each error names the field. */
    @JsonCreator
    public static FreezeWindow of(
            @JsonProperty("kind") String kind,
            @JsonProperty("schedule") String schedule,
            @JsonProperty("duration") String duration,
            @JsonProperty("timeZone") String timeZone) {
        Kind parsedKind;
        if ("deny".equals(kind)) {
            parsedKind = Kind.DENY;
        } else if ("allow".equals(kind)) {
            parsedKind = Kind.ALLOW;
        } else {
            throw invalid("kind", kind == null ? "is missing" : "must be 'deny' or 'allow', got '%s'".formatted(kind));
        }
        if (schedule == null) {
            throw invalid("schedule", "is missing");
        }
        CronExpression cron;
        try {
            cron = CronExpression.of(schedule);
        } catch (TrebuchetException e) {
            throw invalid("schedule", e.getMessage());
        }
        if (duration == null) {
            throw invalid("duration", "is missing");
        }
        HumanDuration length;
        try {
            length = HumanDuration.parse(duration, "duration");
        } catch (TrebuchetException e) {
            throw invalid(
                    "duration", e.getMessage().substring("duration".length()).strip());
        }
        Optional<ZoneId> zone;
        try {
            zone = Optional.ofNullable(timeZone).map(ZoneId::of);
        } catch (DateTimeException e) {
            throw invalid("timeZone", "'%s' is not a known time zone (e.g. Europe/Berlin, UTC)".formatted(timeZone));
        }
        return new FreezeWindow(parsedKind, cron, length, zone);
    }

    @JsonIgnore
    public boolean isDeny() {
        return kind == Kind.DENY;
    }

    /** The time zone's id, UTC when none is given. */
    @JsonIgnore
    public String zoneText() {
        return timeZone.map(ZoneId::getId).orElse("UTC");
    }

    /** The window as a time window; UTC when no time zone is given. */
    public TimeWindow window() {
        return new TimeWindow(schedule, duration.value(), timeZone.orElse(ZoneOffset.UTC));
    }

    private static TrebuchetException invalid(String field, String message) {
        String path = "freezeWindows." + field;
        return new TrebuchetException(
                ErrorCode.INVALID_ENVIRONMENT_CONFIG, "%s %s".formatted(path, message), Map.of("field", path));
    }
}
