package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import java.time.Instant;
import java.util.Optional;

/** Something that stops automation from changing an application in an environment now: a lock or a freeze. */
public sealed interface Blocker {
    @JsonProperty("cause")
    Cause cause();

    @JsonProperty("message")
    String describe();

    /** Why a change is blocked, as a stable code. */
    enum Cause {
        ENVIRONMENT_LOCKED,
        APPLICATION_LOCKED,
        TEAM_LOCKED,
        FREEZE_WINDOW,
        /** A person's rollback holds the application there. */
        HELD
    }

    record Locked(@JsonProperty("lock") Lock lock) implements Blocker {
        public Locked {
            requireNonNull(lock, "lock is null");
        }

        @Override
        public Cause cause() {
            return switch (lock.kind()) {
                case ENVIRONMENT -> Cause.ENVIRONMENT_LOCKED;
                case APPLICATION -> Cause.APPLICATION_LOCKED;
                case TEAM -> Cause.TEAM_LOCKED;
            };
        }

        @Override
        public String describe() {
            return lock.describe();
        }

        @JsonProperty("lockId")
        public LockId lockId() {
            return lock.id();
        }
    }

    record Held(@JsonProperty("hold") Hold hold) implements Blocker {
        public Held {
            requireNonNull(hold, "hold is null");
        }

        @Override
        public Cause cause() {
            return Cause.HELD;
        }

        @Override
        public String describe() {
            return hold.describe();
        }
    }

    record Frozen(@JsonProperty("freeze") Freeze freeze) implements Blocker {
        public Frozen {
            requireNonNull(freeze, "freeze is null");
        }

        @Override
        public Cause cause() {
            return Cause.FREEZE_WINDOW;
        }

        @Override
        public String describe() {
            return freeze.describe();
        }

        @JsonProperty("until")
        public Optional<Instant> until() {
            return freeze.until();
        }
    }
}
