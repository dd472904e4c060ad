package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A lock with its state at the time it was read, and whether it has outlived its suggested lifetime. */
public record LockView(@JsonUnwrapped Lock lock, LockState state, boolean pastSuggestedLifetime) {
    public LockView {
        requireNonNull(lock, "lock is null");
        requireNonNull(state, "state is null");
    }
}
