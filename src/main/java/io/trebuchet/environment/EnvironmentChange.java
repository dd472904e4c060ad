package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

/** The outcome of putting an environment: what it is now, and whether it was created or changed. */
public record EnvironmentChange(Environment environment, boolean created, boolean changed) {
    public EnvironmentChange {
        requireNonNull(environment, "environment is null");
    }
}
