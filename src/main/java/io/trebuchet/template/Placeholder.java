package io.trebuchet.template;

import static java.util.Objects.requireNonNull;

/** One {@code {{NAME}}} in a template, with where it is (1-based line and column). */
public record Placeholder(String name, int line, int column, int start, int end) {
    public Placeholder {
        requireNonNull(name, "name is null");
    }
}
