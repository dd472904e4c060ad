package io.trebuchet.stack;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.VisibleText;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a person declares about a stack: a description and the values its applications share. */
public record StackDefinition(Optional<String> description, Map<String, Object> values) {
    public static final int MAX_DESCRIPTION = 1000;

    public StackDefinition {
        description = description == null ? Optional.empty() : description;
        description.ifPresent(text -> {
            VisibleText.lines(text, ErrorCode.INVALID_REQUEST, "description");
            if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "description must be at most %d characters without control characters"
                                .formatted(MAX_DESCRIPTION),
                        Map.of("field", "description"));
            }
        });
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        Values.flatten(values, "stack values");
    }
}
