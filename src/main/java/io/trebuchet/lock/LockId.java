package io.trebuchet.lock;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.VisibleText;
import java.security.SecureRandom;
import java.util.Map;

/** The id of a lock: 2 to 99 characters, no slash, not {@code .} or {@code ..}, no control characters. */
public record LockId(String value) implements Comparable<LockId> {
    private static final String GENERATED_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public LockId {
        if (value == null || value.length() < 2 || value.length() > 99) {
            throw invalid(
                    "lock id must be 2 to 99 characters long, got %d".formatted(value == null ? 0 : value.length()));
        }
        VisibleText.line(value, ErrorCode.INVALID_LOCK, "lock id");
        if (value.contains("/") || value.equals("..") || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("lock id '%s' must not contain '/' or control characters, nor be '..'"
                    .formatted(value.length() > 64 ? value.substring(0, 64) + "..." : value));
        }
    }

    @JsonCreator
    public static LockId of(String value) {
        return new LockId(value);
    }

    /**
     * A fresh id for a lock whose caller did not name one: {@code prefix} and ten random letters and digits (no
     * look-alikes such as {@code l}, {@code 1}, {@code o}, {@code 0}).
     */
    public static LockId generate(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 10; i++) {
            id.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
        }
        return LockId.of(id.toString());
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_LOCK, message, Map.of("field", "id"));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(LockId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
