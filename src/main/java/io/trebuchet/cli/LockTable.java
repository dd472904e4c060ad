package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.schedule.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Locks as the API lists them, as a table: where, what they cover, their state, expiry, author and message. */
final class LockTable {
    static final List<String> HEADERS = List.of("ENVIRONMENT", "LOCK", "COVERS", "STATE", "EXPIRES", "BY", "MESSAGE");
    private static final int MAX_MESSAGE = 60;

    private LockTable() {}

    static List<List<String>> rows(List<JsonNode> locks) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode lock : locks) {
            rows.add(List.of(
                    lock.path("environment").asText(),
                    lock.path("id").asText(),
                    covers(lock),
                    state(lock),
                    Output.time(lock.path("expiresAt")),
                    lock.path("author").path("name").asText("-"),
                    Output.cell(lock.path("message").asText(), MAX_MESSAGE)));
        }
        return rows;
    }

    /** {@code environment}, {@code environment (group production)}, {@code application cart}, {@code team payments}. */
    private static String covers(JsonNode lock) {
        String kind = lock.path("kind").asText();
        return switch (kind) {
            case "application" -> "application " + lock.path("application").asText();
            case "team" -> "team " + lock.path("team").asText();
            default ->
                lock.has("group")
                        ? "%s (group %s)".formatted(kind, lock.path("group").asText())
                        : kind;
        };
    }

    /** {@code active}, {@code expired} or {@code dormant}, with its schedule and a word on its suggested lifetime. */
    private static String state(JsonNode lock) {
        List<String> notes = new ArrayList<>();
        JsonNode schedule = lock.path("schedule");
        if (schedule.isObject()) {
            notes.add("in windows %s for %s, %s"
                    .formatted(
                            schedule.path("schedule").asText(),
                            schedule.path("duration").asText(),
                            schedule.path("timeZone").asText("UTC")));
        }
        if (lock.path("pastSuggestedLifetime").asBoolean()) {
            notes.add("past its suggested lifetime" + lifetime(lock.path("suggestedLifetime")));
        }
        String state = lock.path("state").asText();
        return notes.isEmpty() ? state : "%s (%s)".formatted(state, String.join("; ", notes));
    }

    /** The API writes a duration as seconds. */
    private static String lifetime(JsonNode seconds) {
        if (!seconds.isNumber()) {
            return "";
        }
        BigDecimal value = seconds.decimalValue();
        return " of " + Durations.format(Duration.ofSeconds(value.longValue()));
    }
}
