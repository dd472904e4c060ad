package io.trebuchet.freeze;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Why an environment is frozen now: inside a deny window (until it closes), or outside all of its allow windows
 * (until the next one opens).
 */
public record Freeze(Reason reason, FreezeWindow window, Optional<Instant> until) {
    public Freeze {
        requireNonNull(reason, "reason is null");
        requireNonNull(window, "window is null");
        requireNonNull(until, "until is null");
    }

    public enum Reason {
        DENY_WINDOW_OPEN,
        OUTSIDE_ALLOW_WINDOWS
    }

    public String describe() {
        String zone = window.zoneText();
        return switch (reason) {
            case DENY_WINDOW_OPEN ->
                "deny window '%s' for %s (%s) is open until %s"
                        .formatted(
                                window.schedule(),
                                window.duration(),
                                zone,
                                until.map(Instant::toString).orElse("?"));
            case OUTSIDE_ALLOW_WINDOWS ->
                "outside every allow window; the next one ('%s', %s) opens at %s"
                        .formatted(
                                window.schedule(),
                                zone,
                                until.map(Instant::toString).orElse("no known time"));
        };
    }
}
