package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** One field that a change sets, changes or removes: its path ({@code argocd.destination.server}) and values. */
public record FieldChange(String path, Optional<JsonNode> before, Optional<JsonNode> after) {
    public FieldChange {
        requireNonNull(path, "path is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("a field change needs a value before or after");
        }
    }
}
