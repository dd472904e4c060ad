package io.trebuchet.freeze;

import io.trebuchet.schedule.TimeWindow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether automation may change an environment at an instant: not while a deny window is open, and, when the
 * environment has allow windows, only while one of them is open.
 */
public final class FreezeCalendar {
    private FreezeCalendar() {}

    public static Optional<Freeze> check(List<FreezeWindow> windows, Instant now) {
        Optional<Freeze> deny = windows.stream()
                .filter(FreezeWindow::isDeny)
                .flatMap(window -> window.window().openUntil(now).stream()
                        .map(until -> new Freeze(Freeze.Reason.DENY_WINDOW_OPEN, window, Optional.of(until))))
                .max(Comparator.comparing(freeze -> freeze.until().orElseThrow()));
        if (deny.isPresent()) {
            return deny;
        }
        List<FreezeWindow> allows =
                windows.stream().filter(window -> !window.isDeny()).toList();
        if (allows.isEmpty()
                || allows.stream().anyMatch(window -> window.window().contains(now))) {
            return Optional.empty();
        }
        FreezeWindow next = allows.stream()
                .min(Comparator.comparing(window -> nextOpening(window.window(), now)))
                .orElseThrow();
        Optional<Instant> opens = next.window().nextOpening(now);
        return Optional.of(new Freeze(Freeze.Reason.OUTSIDE_ALLOW_WINDOWS, next, opens));
    }

    private static Instant nextOpening(TimeWindow window, Instant now) {
        return window.nextOpening(now).orElse(Instant.MAX);
    }
}
