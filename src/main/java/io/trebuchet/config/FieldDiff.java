package io.trebuchet.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which fields differ between two JSON documents, leaf by leaf, with paths such as {@code
 * argocd.syncWindows[0].schedule}: what a plan shows for a changed environment or application.
 */
final class FieldDiff {
    private FieldDiff() {}

    /** Fields of {@code after} that are new or different, in its order, then fields that only {@code before} has. */
    static List<FieldChange> between(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = leaves(before);
        Map<String, JsonNode> current = leaves(after);
        List<FieldChange> changes = new ArrayList<>();
        current.forEach((path, value) -> {
            JsonNode previous = old.get(path);
            if (!value.equals(previous)) {
                changes.add(new FieldChange(path, Optional.ofNullable(previous), Optional.of(value)));
            }
        });
        old.forEach((path, value) -> {
            if (!current.containsKey(path)) {
                changes.add(new FieldChange(path, Optional.of(value), Optional.empty()));
            }
        });
        return List.copyOf(changes);
    }

    static Map<String, JsonNode> leaves(JsonNode node) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collect("", node, leaves);
        return leaves;
    }

    private static void collect(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node == null || node.isMissingNode() || (node.isNull() && path.isEmpty())) {
            return;
        }
        if (node.isObject() && !node.isEmpty()) {
            node.properties()
                    .forEach(field -> collect(
                            path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), leaves));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), leaves);
            }
        } else if (!path.isEmpty()) {
            leaves.put(path, node);
        }
    }
}
