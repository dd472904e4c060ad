package io.trebuchet.config;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The settings in {@code platform.yaml}: the platform's name, shown in plans, and its default values. */
public record PlatformSettings(Optional<String> name, Map<String, Object> values) {
    public static final PlatformSettings EMPTY = new PlatformSettings(Optional.empty(), Map.of());
    public static final int MAX_NAME = 100;

    public PlatformSettings {
        name = name == null ? Optional.empty() : name;
        name.ifPresent(text -> {
            if (text.isBlank() || text.length() > MAX_NAME || text.chars().anyMatch(Character::isISOControl)) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_PLATFORM_CONFIG,
                        "name must be 1 to %d characters without control characters".formatted(MAX_NAME),
                        Map.of("field", "name"));
            }
        });
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        Values.flatten(values, "platform values");
    }
}
