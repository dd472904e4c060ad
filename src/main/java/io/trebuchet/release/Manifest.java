package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The YAML an application runs in one environment, with the detached signature CI may have sent along. */
public record Manifest(String content, Optional<String> signature) {
    public Manifest {
        requireNonNull(content, "content is null");
        requireNonNull(signature, "signature is null");
    }

    public static Manifest of(String content) {
        return new Manifest(content, Optional.empty());
    }
}
