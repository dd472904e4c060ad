package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.lock.Lock;
import java.time.Instant;

/**
 * Says in plain words what stops a change in an environment, so that a person can decide whether to go through it:
 * who locked what and why, or which freeze window holds until when.
 */
final class BlockerText {
    private BlockerText() {}

    static String of(Blocker blocker, EnvName environment, Instant now) {
        return switch (blocker) {
            case Blocker.Locked locked -> lock(locked.lock(), now);
            case Blocker.Frozen frozen -> freeze(frozen.freeze(), environment, now);
            case Blocker.Held held ->
                "%s (%s)."
                        .formatted(held.hold().describe(), Age.since(held.hold().heldAt(), now));
        };
    }

    /**
     * A blocker as the deploy service stored it with a queued version or a deploy that went through it ({@code
     * FREEZE_WINDOW: deny window … is open until 2026-11-02T18:00:00Z}): stored text is all that is left of it, so its
     * code goes ({@link ErrorSentences#storedBlocker}) and its times read as the pages print times.
     */
    static String stored(String stored) {
        return Age.times(ErrorSentences.storedBlocker(stored));
    }

    static String lock(Lock lock, Instant now) {
        String what = switch (lock.kind()) {
            case ENVIRONMENT -> lock.environment() + " is locked";
            case APPLICATION -> lock.application().orElseThrow() + " is locked in " + lock.environment();
            case TEAM -> "Team " + lock.team().orElseThrow() + " is locked in " + lock.environment();
        };
        return "%s: “%s” (lock '%s' by %s, %s)."
                .formatted(what, lock.message(), lock.id(), lock.author().name(), Age.since(lock.createdAt(), now));
    }

    static String freeze(Freeze freeze, EnvName environment, Instant now) {
        String window = "%s window %s for %s, %s"
                .formatted(
                        freeze.window().kind().label(),
                        freeze.window().schedule(),
                        freeze.window().duration(),
                        freeze.window().zoneText());
        return switch (freeze.reason()) {
            case DENY_WINDOW_OPEN ->
                "%s is in a deploy freeze %s: %s."
                        .formatted(environment, until(freeze, now, "until further notice"), window);
            case OUTSIDE_ALLOW_WINDOWS ->
                "%s takes changes only inside its allow windows and none is open; the next opens %s: %s."
                        .formatted(
                                environment,
                                freeze.until()
                                        .map(at -> Age.relative(at, now) + ", at " + Age.time(at))
                                        .orElse("never"),
                                window);
        };
    }

    private static String until(Freeze freeze, Instant now, String otherwise) {
        return freeze.until()
                .map(at -> "until " + Age.time(at) + " (" + Age.relative(at, now) + ")")
                .orElse(otherwise);
    }
}
