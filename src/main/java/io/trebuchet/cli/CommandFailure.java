package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Why a client command stops: a usage error (exit 2), the server's refusal with its error code and message (exit 1),
 * or a server that cannot be reached (exit 1). Not a {@code TrebuchetException}: the server may answer with a code
 * this client's {@code ErrorCode} does not know (a newer server), and a usage error has no code at all.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final Optional<String> code;
    private final transient Optional<JsonNode> body;

    private CommandFailure(Kind kind, Optional<String> code, String message, Optional<JsonNode> body, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = kind;
        this.code = code;
        this.body = body;
    }

    enum Kind {
        USAGE,
        REFUSED,
        UNREACHABLE
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(Kind.USAGE, Optional.empty(), message, Optional.empty(), null);
    }

    static CommandFailure refused(String code, String message, JsonNode body) {
        return new CommandFailure(Kind.REFUSED, Optional.of(code), message, Optional.of(body), null);
    }

    static CommandFailure unreachable(String message, Throwable cause) {
        return new CommandFailure(Kind.UNREACHABLE, Optional.empty(), message, Optional.empty(), cause);
    }

    Kind kind() {
        return kind;
    }

    Optional<String> code() {
        return code;
    }

    /** The server's error response, for {@code --output json}. */
    Optional<JsonNode> body() {
        return body;
    }

    int exitCode() {
        return switch (kind) {
            case USAGE -> Main.EXIT_USAGE;
            case REFUSED, UNREACHABLE -> Main.EXIT_REFUSED;
        };
    }
}
