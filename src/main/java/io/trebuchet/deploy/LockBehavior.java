package io.trebuchet.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Locale;
import java.util.Map;

/** What a deploy does when a lock or a freeze window stands in its way. */
public enum LockBehavior {
    /** Store a queued version and do not deploy: what automation does. */
    RECORD,
    /** Refuse, naming what blocks: the default for people. */
    FAIL,
    /** Deploy anyway; explicit and audited. */
    IGNORE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LockBehavior fromLabel(String label) {
        for (LockBehavior behavior : values()) {
            if (behavior.label().equals(label)) {
                return behavior;
            }
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_REQUEST,
                "lockBehavior must be one of record, fail, ignore; got '%s'".formatted(label),
                Map.of("field", "lockBehavior"));
    }
}
