package io.trebuchet.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long ago something happened, in the words people scan in a table, and the exact time for a tooltip. */
final class Age {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** An instant as {@link Instant#toString} writes it, which services put into the messages they store. */
    private static final Pattern STORED_INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

    private Age() {}

    static String since(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.compareTo(Duration.ofMinutes(1)) < 0) {
            return "just now";
        }
        if (age.compareTo(Duration.ofHours(1)) < 0) {
            return count(age.toMinutes(), "minute");
        }
        if (age.compareTo(Duration.ofDays(1)) < 0) {
            return count(age.toHours(), "hour");
        }
        long days = age.toDays();
        if (days < 30) {
            return count(days, "day");
        }
        if (days < 365) {
            return count(days / 30, "month");
        }
        return count(days / 365, "year");
    }

    /** How far {@code then} is from {@code now}, in either direction: "in 3 hours" or "3 hours ago". */
    static String relative(Instant then, Instant now) {
        if (!then.isAfter(now)) {
            return since(then, now);
        }
        Duration ahead = Duration.between(now, then);
        if (ahead.compareTo(Duration.ofMinutes(1)) < 0) {
            return "in less than a minute";
        }
        if (ahead.compareTo(Duration.ofHours(1)) < 0) {
            return "in " + amount(ahead.toMinutes(), "minute");
        }
        if (ahead.compareTo(Duration.ofDays(1)) < 0) {
            return "in " + amount(ahead.toHours(), "hour");
        }
        long days = ahead.toDays();
        if (days < 30) {
            return "in " + amount(days, "day");
        }
        if (days < 365) {
            return "in " + amount(days / 30, "month");
        }
        return "in " + amount(days / 365, "year");
    }

    /** The exact time, in UTC, to the second. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * The text with every instant in it as {@link #time} prints it: a message a service stored ("open until
     * 2026-11-02T18:00:00Z") was written for clients, and a page must not show a person raw ISO 8601.
     */
    static String times(String text) {
        return STORED_INSTANT.matcher(text).replaceAll(match -> Matcher.quoteReplacement(storedTime(match.group())));
    }

    private static String storedTime(String stored) {
        try {
            return time(Instant.parse(stored));
        } catch (DateTimeParseException e) {
            // Shaped like an instant but no time at all ("2026-13-45T…"): words the service wrote, shown as written.
            return stored;
        }
    }

    /** The time to the minute, in UTC, short enough for one line of a table: "2026-12-07 14:03". */
    static String minute(Instant instant) {
        return MINUTE.format(instant);
    }

    /** The time as ISO 8601 in UTC, for a {@code <time datetime>} attribute: "2026-12-07T14:03:27Z". */
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String count(long amount, String unit) {
        return amount(amount, unit) + " ago";
    }

    private static String amount(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
