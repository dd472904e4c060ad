package io.trebuchet.kuberpult;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} syntax ({@code 90s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}), as Kuberpult reads it. */
final class GoDuration {
    private static final Pattern WHOLE =
            Pattern.compile("(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+|0");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "µs", 1_000L,
            "μs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);
    private static final int MAX_LENGTH = 64;

    private GoDuration() {}

    /** The duration {@code text} names; a negative one, or anything else Go would not read, is refused. */
    static Duration parse(String text, String field) {
        if (text.length() > MAX_LENGTH || !WHOLE.matcher(text).matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "Invalid %s: %s (a duration such as 30s, 5m or 1m30s)".formatted(field, shorten(text)),
                    Map.of("field", field));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS.get(part.group(2)))));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "Invalid %s: %s is too long".formatted(field, shorten(text)),
                    Map.of("field", field));
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
