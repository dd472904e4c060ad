package io.trebuchet.core;

import static java.util.Objects.requireNonNull;

/**
 * Who made a change: a person, a CI job, or Trebuchet itself (the scheduler, image automation). The name and email
 * become the author of the git commit that exports the change.
 */
public record Actor(String name, String email) {
    public static final int MAX_LENGTH = 256;

    /** The actor of requests that do not say who they are (until authentication is configured). */
    public static final Actor ANONYMOUS = new Actor("anonymous", "anonymous@trebuchet.invalid");

    /** Trebuchet acting on its own: workers. */
    public static final Actor SYSTEM = new Actor("trebuchet", "trebuchet@trebuchet.invalid");

    /** The scheduler that runs release trains on their schedules. */
    public static final Actor SCHEDULER = new Actor("trebuchet-scheduler", "scheduler@trebuchet.invalid");

    /** Image automation: releases of newly chosen image tags. */
    public static final Actor IMAGE_AUTOMATION = new Actor("image-automation", "image-automation@trebuchet.invalid");

    /** Chart subscriptions: releases of new chart versions. */
    public static final Actor CHART_AUTOMATION = new Actor("chart-automation", "chart-automation@trebuchet.invalid");

    public Actor {
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        check(name, "author name");
        check(email, "author email");
    }

    private static void check(String value, String what) {
        if (value.isBlank()) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, what + " is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "%s is longer than %d characters".formatted(what, MAX_LENGTH));
        }
        VisibleText.line(value, ErrorCode.INVALID_REQUEST, what);
        if (value.chars().anyMatch(c -> c < 0x20 || c == '<' || c == '>')) {
            // Such characters would corrupt the author line of a git commit.
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, what + " contains control characters or angle brackets");
        }
    }
}
