package io.trebuchet.overview;

import static java.util.Objects.requireNonNull;

/** Something on the overview that deserves a look. */
public record Warning(Code code, String message) {
    public Warning {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    public enum Code {
        /** The environment runs a newer version than its upstream, and no lock explains why. */
        UNUSUAL_ORDER,
        /** The application runs here but not in the upstream environment. */
        UPSTREAM_NOT_DEPLOYED,
        /** A lock has outlived the lifetime its author suggested. */
        LOCK_PAST_SUGGESTED_LIFETIME,
        /** What runs here breaks a best-practice policy the environment warns about (or, since, refuses). */
        POLICY
    }
}
