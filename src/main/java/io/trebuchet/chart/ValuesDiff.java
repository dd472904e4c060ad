package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two releases' merged values for one environment, leaf by leaf: a value's path in the dotted form
 * Helm's {@code --set} takes ({@code resources.limits.cpu}, {@code ingress.hosts[0]}), and its value before and after.
 * This is what a reviewer of a chart release wants first: the manifests' diff says what the cluster gets, the values'
 * diff says which setting made it so.
 */
public final class ValuesDiff {
    private ValuesDiff() {}

    /** A leaf that was added (no before), removed (no after) or changed. */
    public record Change(String path, Optional<String> before, Optional<String> after) {
        public Change {
            requireNonNull(path, "path is null");
            requireNonNull(before, "before is null");
            requireNonNull(after, "after is null");
            if (before.isEmpty() && after.isEmpty()) {
                throw new IllegalArgumentException("a change needs a value before or after");
            }
        }
    }

    /** The changed leaves, in path order; empty when the values are the same. */
    public static List<Change> between(Map<String, Object> before, Map<String, Object> after) {
        SortedMap<String, String> old = leaves(requireNonNull(before, "before is null"));
        SortedMap<String, String> now = leaves(requireNonNull(after, "after is null"));
        List<Change> changes = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(old.keySet());
        paths.addAll(now.keySet());
        for (String path : paths) {
            Optional<String> was = Optional.ofNullable(old.get(path));
            Optional<String> is = Optional.ofNullable(now.get(path));
            if (!was.equals(is)) {
                changes.add(new Change(path, was, is));
            }
        }
        return List.copyOf(changes);
    }

    /** Every leaf of {@code values} by its path; an empty map or list is a leaf of its own ({@code {}}, {@code []}). */
    static SortedMap<String, String> leaves(Map<String, Object> values) {
        SortedMap<String, String> leaves = new TreeMap<>();
        collect("", values, leaves);
        return leaves;
    }

    private static void collect(String path, Object value, SortedMap<String, String> leaves) {
        switch (value) {
            case Map<?, ?> map
            when !map.isEmpty() ->
                map.forEach((key, child) ->
                        collect(path.isEmpty() ? String.valueOf(key) : path + "." + key, child, leaves));
            case List<?> list
            when !list.isEmpty() -> {
                for (int index = 0; index < list.size(); index++) {
                    collect(path + "[" + index + "]", list.get(index), leaves);
                }
            }
            case Map<?, ?> ignored -> leaves.put(path, "{}");
            case List<?> ignored -> leaves.put(path, "[]");
            case null -> leaves.put(path, "null");
            case String text -> leaves.put(path, text);
            default -> leaves.put(path, String.valueOf(value));
        }
    }
}
