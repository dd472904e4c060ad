package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The name of an environment: lowercase letters, digits and inner dashes, at most 20 characters. */
public record EnvName(String value) implements Comparable<EnvName> {
    public static final int MAX_LENGTH = 20;

    public EnvName {
        Names.check(value, Names.DNS_LABEL, MAX_LENGTH, ErrorCode.INVALID_ENVIRONMENT_NAME, "environment name");
    }

    @JsonCreator
    public static EnvName of(String value) {
        return new EnvName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(EnvName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
