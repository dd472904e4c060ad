package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The name of a team: letters, digits, dots, underscores and dashes, starting with a letter or digit, at most 63
 * characters (it becomes a Kubernetes label value on the Argo CD application).
 */
public record TeamName(String value) implements Comparable<TeamName> {
    public static final int MAX_LENGTH = 63;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    public TeamName {
        Names.check(value, PATTERN, MAX_LENGTH, ErrorCode.INVALID_TEAM_NAME, "team name");
    }

    @JsonCreator
    public static TeamName of(String value) {
        return new TeamName(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(TeamName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
