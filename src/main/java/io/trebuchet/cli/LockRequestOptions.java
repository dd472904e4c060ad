package io.trebuchet.cli;

import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockSchedule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What a new lock says: its message, and optionally its expiry, suggested lifetime, CI link and schedule. */
final class LockRequestOptions {
    @Option(
            names = {"-m", "--message"},
            required = true,
            paramLabel = "TEXT",
            description = "Why: shown to everyone the lock stops.")
    String message;

    @Option(
            names = "--expires-in",
            paramLabel = "DURATION",
            description = "The lock stops blocking after this long: 30m, 8h, 1h30m, 2d.")
    String expiresIn;

    @Option(
            names = "--expires-at",
            paramLabel = "TIME",
            description = "The lock stops blocking at this time, e.g. 2026-11-03T18:00:00Z.")
    String expiresAt;

    @Option(
            names = {"--suggested-lifetime", "--suggested_lifetime"},
            paramLabel = "DURATION",
            description = "How long the lock should live; the overview warns once it has lived longer.")
    String suggestedLifetime;

    @Option(
            names = {"--ci-link", "--ci_link"},
            paramLabel = "URL",
            description = "Link to the CI run or ticket behind the lock.")
    String ciLink;

    @Option(
            names = "--schedule",
            paramLabel = "CRON",
            description = "Apply the lock only in a recurring window that opens at this 5-field cron time"
                    + " (with --window; dormant outside it).")
    String schedule;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            description = "How long each window of --schedule lasts, e.g. 8h.")
    String window;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            description = "Time zone of --schedule, e.g. Europe/Berlin (default UTC).")
    String timeZone;

    /** The request, checked as the server checks it; options that do not go together are a usage error. */
    LockRequest request() {
        if (expiresIn != null && expiresAt != null) {
            throw CommandFailure.usage("give --expires-in or --expires-at, not both");
        }
        if ((schedule == null) != (window == null)) {
            throw CommandFailure.usage("--schedule and --window go together");
        }
        if (timeZone != null && schedule == null) {
            throw CommandFailure.usage("--time-zone is the time zone of --schedule");
        }
        return new LockRequest(
                message,
                Optional.ofNullable(ciLink),
                Optional.ofNullable(expiresAt).map(LockRequestOptions::time),
                Optional.ofNullable(expiresIn),
                Optional.ofNullable(suggestedLifetime),
                Optional.ofNullable(schedule)
                        .map(cron -> new LockSchedule(cron, window, Optional.ofNullable(timeZone))));
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw CommandFailure.usage("--expires-at must be a time with its offset, such as 2026-11-03T18:00:00Z or"
                    + " 2026-11-03T19:00:00+01:00; got '%s'".formatted(text));
        }
    }
}
