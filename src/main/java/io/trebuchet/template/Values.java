package io.trebuchet.template;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values as users write them — nested maps ({@code image: {tag: "1.2"}}) or dotted keys ({@code image.tag: "1.2"})
 * — flattened to dotted names with scalar values (strings, numbers, booleans).
 */
public final class Values {
    public static final int MAX_ENTRIES = 10_000;
    public static final int MAX_DEPTH = 16;

    private Values() {}

    /** Flattens {@code values} to dotted names, refusing lists, nulls and names that are not placeholder names. */
    public static Map<String, Object> flatten(Map<String, ?> values, String where) {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", values, flat, where, 0);
        return Collections.unmodifiableMap(flat);
    }

    private static void flatten(
            String prefix, Map<String, ?> values, Map<String, Object> flat, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(where, "values are nested more than %d levels deep".formatted(MAX_DEPTH));
        }
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            String name = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getKey() == null || !Template.NAME.matcher(name).matches()) {
                throw invalid(
                        where, "'%s' is not a value name (letters, digits, _ and -, dot-separated)".formatted(name));
            }
            switch (entry.getValue()) {
                case null -> throw invalid(where, "value '%s' is null; leave it out instead".formatted(name));
                case Map<?, ?> nested -> {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> map = (Map<String, ?>) nested;
                    flatten(name, map, flat, where, depth + 1);
                }
                case List<?> ignored ->
                    throw invalid(
                            where, "value '%s' is a list; values are strings, numbers or booleans".formatted(name));
                case String text -> put(flat, name, text, where);
                case Number number -> put(flat, name, number, where);
                case Boolean bool -> put(flat, name, bool, where);
                default ->
                    throw invalid(
                            where,
                            "value '%s' is a %s; values are strings, numbers or booleans"
                                    .formatted(name, entry.getValue().getClass().getSimpleName()));
            }
        }
    }

    private static void put(Map<String, Object> flat, String name, Object value, String where) {
        if (flat.put(name, value) != null) {
            throw invalid(where, "value '%s' is given twice".formatted(name));
        }
        if (flat.size() > MAX_ENTRIES) {
            throw invalid(where, "more than %d values".formatted(MAX_ENTRIES));
        }
    }

    private static TrebuchetException invalid(String where, String message) {
        return new TrebuchetException(
                ErrorCode.INVALID_VALUES, "%s: %s".formatted(where, message), Map.of("where", where));
    }
}
