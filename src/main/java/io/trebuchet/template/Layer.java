package io.trebuchet.template;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a value comes from, lowest precedence first. */
public enum Layer {
    PLATFORM,
    STACK,
    APPLICATION,
    ENVIRONMENT,
    APPLICATION_ENVIRONMENT,
    RELEASE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
