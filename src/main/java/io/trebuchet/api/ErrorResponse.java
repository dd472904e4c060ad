package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.TrebuchetException;
import java.util.Map;

/** The one error shape of the API. */
public record ErrorResponse(String code, String message, Map<String, Object> details) {
    public ErrorResponse {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        details = Map.copyOf(details);
    }

    static ErrorResponse of(TrebuchetException error) {
        return new ErrorResponse(error.code().name(), error.getMessage(), error.details());
    }
}
