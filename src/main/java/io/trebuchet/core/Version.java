package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The version of a release: a positive integer, unique per application. */
public record Version(long value) implements Comparable<Version> {
    /** Versions stay below 10^18, so that every version can be written in a URL and read back. */
    public static final long LIMIT = 1_000_000_000_000_000_000L;

    public Version {
        if (value <= 0 || value >= LIMIT) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_VERSION,
                    "version must be a positive integer below 10^18, got %d".formatted(value));
        }
    }

    @JsonCreator
    public static Version of(long value) {
        return new Version(value);
    }

    /** Parses a version as sent in a form field or a URL: decimal digits only. */
    public static Version parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_VERSION,
                    "version must be a positive integer below 10^18, got '%s'"
                            .formatted(Names.abbreviate(text == null ? "" : text)));
        }
        return new Version(Long.parseLong(trimmed));
    }

    @JsonValue
    @Override
    public long value() {
        return value;
    }

    public Version next() {
        return new Version(value + 1);
    }

    public boolean isNewerThan(Version other) {
        return value > other.value;
    }

    @Override
    public int compareTo(Version other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
