package io.trebuchet.lock;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a lock blocks automation now. */
public enum LockState {
    /** Blocks automation. */
    ACTIVE,
    /** Past its expiry: no longer blocks, shown until someone deletes it. */
    EXPIRED,
    /** A scheduled lock outside its window: blocks again when the window opens. */
    DORMANT;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
