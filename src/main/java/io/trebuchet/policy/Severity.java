package io.trebuchet.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Locale;
import java.util.Map;

/** What an environment does with a rule's violations. */
public enum Severity {
    OFF,
    WARN,
    ERROR;

    /** What an environment that says nothing about a rule does. */
    public static final Severity DEFAULT = WARN;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity of(String label) {
        for (Severity severity : values()) {
            if (severity.label().equals(label)) {
                return severity;
            }
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_ENVIRONMENT_CONFIG,
                "policies: severity must be off, warn or error, got '%s'".formatted(label),
                Map.of("field", "policies"));
    }
}
