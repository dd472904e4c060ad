package io.trebuchet.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one unchecked exception of Trebuchet. It carries a stable {@link ErrorCode} (which knows its HTTP status), a
 * message a person understands, and details a program can read. The API turns it into the error response in one
 * place.
 */
public final class TrebuchetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public TrebuchetException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public TrebuchetException(ErrorCode code, String message, Map<String, ?> details) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        // Insertion order is kept so that responses read the way the caller built them.
        this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public TrebuchetException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.details = Map.of();
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
