package io.trebuchet.schedule;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people and Argo CD write them: {@code 90s}, {@code 30m}, {@code 8h}, {@code 1h30m}, {@code 2d}, and Kuberpult's suggested lifetimes in weeks, {@code 1w}. */
public final class Durations {
    private static final Pattern FORMAT =
            Pattern.compile("(?=\\d)(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Duration MAX = Duration.ofDays(3660);

    private Durations() {}

    public static Duration parse(String text, String field) {
        Matcher matcher = FORMAT.matcher(text == null || text.length() > 40 ? "" : text.trim());
        if (text == null || text.length() > 40 || !matcher.matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "%s must be a duration such as 30m, 8h, 1h30m, 2d or 1w, got '%s'"
                            .formatted(field, text == null ? "" : text.length() > 40 ? text.substring(0, 40) : text),
                    Map.of("field", field));
        }
        Duration duration = Duration.ofDays(7 * number(matcher.group(1)))
                .plusDays(number(matcher.group(2)))
                .plusHours(number(matcher.group(3)))
                .plusMinutes(number(matcher.group(4)))
                .plusSeconds(number(matcher.group(5)));
        if (duration.isZero() || duration.compareTo(MAX) > 0) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "%s must be longer than 0 and at most 10 years, got '%s'".formatted(field, text),
                    Map.of("field", field));
        }
        return duration;
    }

    /** Writes a duration back in the same notation, largest unit first: {@code 1h30m}. */
    public static String format(Duration duration) {
        StringBuilder text = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) {
            text.append(days).append('d');
        }
        if (duration.toHoursPart() > 0) {
            text.append(duration.toHoursPart()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private static long number(String group) {
        if (group == null) {
            return 0;
        }
        if (group.length() > 9) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "duration is too long");
        }
        return Long.parseLong(group);
    }
}
