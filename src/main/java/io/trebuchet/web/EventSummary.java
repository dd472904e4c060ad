package io.trebuchet.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A one-line summary of an event's payload for the history table when {@link EventSentences} has no sentence for it:
 * its top-level fields as {@code name value}, lists of values joined, nested objects only named (the whole payload is
 * one click away). It reads any payload, so new kinds of events show up readably without a change here.
 */
final class EventSummary {
    static final int MAX_LENGTH = 200;

    private EventSummary() {}

    static String of(JsonNode payload) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            parts.add(field.getKey() + " " + value(field.getValue()));
        }
        String summary = String.join(" · ", parts);
        return summary.length() <= MAX_LENGTH ? summary : summary.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String value(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(element -> values.add(element.isValueNode() ? element.asText() : "{…}"));
            return values.isEmpty() ? "none" : String.join(", ", values);
        }
        return "{…}";
    }
}
