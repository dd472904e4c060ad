package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name of an application: lowercase letters, digits and inner dashes, at most 39 characters, so that the Argo CD
 * application name {@code <env>-<app>} stays a valid Kubernetes name.
 */
public record AppName(String value) implements Comparable<AppName> {
    public static final int MAX_LENGTH = 39;

    public AppName {
        Names.check(value, Names.DNS_LABEL, MAX_LENGTH, ErrorCode.INVALID_APPLICATION_NAME, "application name");
    }

    @JsonCreator
    public static AppName of(String value) {
        return new AppName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(AppName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
