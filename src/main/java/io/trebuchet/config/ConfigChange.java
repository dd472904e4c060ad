package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One thing a plan creates, changes or deletes on the server, with the fields it sets or changes. */
public record ConfigChange(Kind kind, String name, Action action, List<FieldChange> fields, Optional<String> note) {
    public ConfigChange {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(action, "action is null");
        fields = List.copyOf(fields);
        requireNonNull(note, "note is null");
    }

    /** What is changed. */
    public enum Kind {
        PLATFORM,
        STACK,
        ENVIRONMENT,
        APPLICATION,
        /** An application's image source, named {@code application/source}. */
        IMAGE_SOURCE,
        CHART_SUBSCRIPTION;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How it is changed. */
    public enum Action {
        CREATE,
        UPDATE,
        DELETE;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
