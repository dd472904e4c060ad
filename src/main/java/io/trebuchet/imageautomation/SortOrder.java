package io.trebuchet.imageautomation;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Locale;
import java.util.Map;

/**
 * The order of a numerical or alphabetical policy, as Flux writes it: {@code asc} chooses the last tag in ascending
 * order (the highest), {@code desc} the first (the lowest).
 */
enum SortOrder {
    ASC,
    DESC;

    static SortOrder parse(String text, String field) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "asc", "ascending" -> ASC;
            case "desc", "descending" -> DESC;
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_IMAGE_POLICY,
                        "%s '%s' is neither asc nor desc".formatted(field, text),
                        Map.of("field", field));
        };
    }

    String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
