package io.trebuchet.schedule;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A duration as people write it in configs ({@code 90s}, {@code 8h}, {@code 1h30m}, {@code 2d}): read once into a
 * {@link Duration}, and written back exactly as it was written.
 */
public record HumanDuration(Duration value, String text) {
    public HumanDuration {
        requireNonNull(value, "value is null");
        requireNonNull(text, "text is null");
    }

    /**
     * Reads {@code text}; see {@link Durations#parse}.
     *
     * @throws io.trebuchet.core.TrebuchetException naming {@code field} when it is not a duration
     */
    public static HumanDuration parse(String text, String field) {
        return new HumanDuration(Durations.parse(text, field), text.trim());
    }

    @JsonCreator
    static HumanDuration fromJson(String text) {
        return parse(text, "duration");
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
