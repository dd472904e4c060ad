package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The name of an environment group. Kuberpult users name groups like {@code Production}, so letters of either case
 * are allowed; an environment without a group is in the group named after itself.
 */
public record GroupName(String value) implements Comparable<GroupName> {
    public static final int MAX_LENGTH = 39;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9]+(-[A-Za-z0-9]+)*");

    public GroupName {
        Names.check(value, PATTERN, MAX_LENGTH, ErrorCode.INVALID_GROUP_NAME, "environment group name");
    }

    @JsonCreator
    public static GroupName of(String value) {
        return new GroupName(value);
    }

    public static GroupName of(EnvName environment) {
        return new GroupName(environment.value());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(GroupName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
