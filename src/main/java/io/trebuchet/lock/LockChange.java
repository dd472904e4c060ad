package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

/** The outcome of putting a lock: the lock now, and whether it was created or changed. */
public record LockChange(Lock lock, boolean created, boolean changed) {
    public LockChange {
        requireNonNull(lock, "lock is null");
    }
}
