package io.trebuchet.lock;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a lock covers in its environment. */
public enum LockKind {
    ENVIRONMENT,
    APPLICATION,
    TEAM;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LockKind fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
