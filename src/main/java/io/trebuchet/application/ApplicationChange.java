package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

/** The outcome of declaring an application: what it is now, and whether it was created or changed. */
public record ApplicationChange(Application application, boolean created, boolean changed) {
    public ApplicationChange {
        requireNonNull(application, "application is null");
    }
}
