package io.trebuchet.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One place a manifest breaks a rule: the object (kind, name), the container if any, the field path, and why. */
public record Violation(
        PolicyRule rule, String kind, String name, Optional<String> container, String path, String message) {
    public Violation {
        requireNonNull(rule, "rule is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(container, "container is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    public String describe() {
        return "%s %s%s: %s (%s, at %s)"
                .formatted(
                        kind,
                        name,
                        container.map(value -> " container " + value).orElse(""),
                        message,
                        rule.id(),
                        path);
    }
}
