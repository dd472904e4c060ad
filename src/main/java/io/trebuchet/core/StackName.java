package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The name of a stack (a group of applications deployed together): like an application name. */
public record StackName(String value) implements Comparable<StackName> {
    public static final int MAX_LENGTH = 39;

    public StackName {
        Names.check(value, Names.DNS_LABEL, MAX_LENGTH, ErrorCode.INVALID_STACK_NAME, "stack name");
    }

    @JsonCreator
    public static StackName of(String value) {
        return new StackName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(StackName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
