package io.trebuchet.config;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;

/** The settings in {@code platform.yaml}: for now the platform's name, shown in plans. */
public record PlatformSettings(Optional<String> name) {
    public static final PlatformSettings EMPTY = new PlatformSettings(Optional.empty());
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
    }
}
