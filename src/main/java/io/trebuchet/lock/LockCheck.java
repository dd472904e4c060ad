package io.trebuchet.lock;

import io.trebuchet.core.AppName;
import io.trebuchet.core.TeamName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Decides which locks block automation, and in which state a lock is. */
public final class LockCheck {
    private LockCheck() {}

    public static LockState state(Lock lock, Instant now) {
        if (lock.expiresAt().filter(expiry -> !now.isBefore(expiry)).isPresent()) {
            return LockState.EXPIRED;
        }
        if (lock.schedule().isPresent() && !lock.schedule().get().window().contains(now)) {
            return LockState.DORMANT;
        }
        return LockState.ACTIVE;
    }

    /** The locks among {@code locks} (of one environment) that stop automation from changing {@code application}. */
    public static List<Lock> blocking(List<Lock> locks, AppName application, Optional<TeamName> team, Instant now) {
        return locks.stream()
                .filter(lock -> covers(lock, application, team))
                .filter(lock -> state(lock, now) == LockState.ACTIVE)
                .toList();
    }

    /** The active environment locks among {@code locks}: they stop every application. */
    public static List<Lock> blockingEnvironment(List<Lock> locks, Instant now) {
        return locks.stream()
                .filter(lock -> lock.kind() == LockKind.ENVIRONMENT)
                .filter(lock -> state(lock, now) == LockState.ACTIVE)
                .toList();
    }

    private static boolean covers(Lock lock, AppName application, Optional<TeamName> team) {
        return switch (lock.kind()) {
            case ENVIRONMENT -> true;
            case APPLICATION -> lock.application().filter(application::equals).isPresent();
            case TEAM -> team.isPresent() && lock.team().equals(team);
        };
    }

    /** Whether a lock has outlived the lifetime its author suggested (a warning, not a state). */
    public static boolean pastSuggestedLifetime(Lock lock, Instant now) {
        return lock.suggestedLifetime()
                .filter(lifetime -> now.isAfter(lock.createdAt().plus(lifetime)))
                .isPresent();
    }
}
