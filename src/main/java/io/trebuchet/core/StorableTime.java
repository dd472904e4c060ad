package io.trebuchet.core;

import java.time.Instant;
import java.util.Map;

/** Instants the stores can hold: from year 1 to year 9999, as SQL timestamps can. */
public final class StorableTime {
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private StorableTime() {}

    public static Instant check(Instant instant, String field) {
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "%s must be between the years 1 and 9999, got %s".formatted(field, instant),
                    Map.of("field", field));
        }
        return instant;
    }
}
