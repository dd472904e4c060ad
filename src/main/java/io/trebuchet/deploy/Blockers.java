package io.trebuchet.deploy;

import io.trebuchet.core.AppName;
import io.trebuchet.core.TeamName;
import io.trebuchet.freeze.FreezeCalendar;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides what stops automation from changing an application in an environment at an instant. */
public final class Blockers {
    private Blockers() {}

    /** What blocks {@code application} (of {@code team}) given the environment's locks and freeze windows. */
    public static List<Blocker> of(
            List<Lock> environmentLocks,
            List<FreezeWindow> freezeWindows,
            AppName application,
            Optional<TeamName> team,
            Instant now) {
        List<Blocker> blockers = new ArrayList<>();
        LockCheck.blocking(environmentLocks, application, team, now).stream()
                .map(Blocker.Locked::new)
                .forEach(blockers::add);
        FreezeCalendar.check(freezeWindows, now).map(Blocker.Frozen::new).ifPresent(blockers::add);
        return List.copyOf(blockers);
    }

    /** What blocks every application of the environment: its environment locks and an active freeze. */
    public static List<Blocker> ofEnvironment(
            List<Lock> environmentLocks, List<FreezeWindow> freezeWindows, Instant now) {
        List<Blocker> blockers = new ArrayList<>();
        LockCheck.blockingEnvironment(environmentLocks, now).stream()
                .map(Blocker.Locked::new)
                .forEach(blockers::add);
        FreezeCalendar.check(freezeWindows, now).map(Blocker.Frozen::new).ifPresent(blockers::add);
        return List.copyOf(blockers);
    }
}
