package io.trebuchet.chart;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values a chart is rendered with: Trebuchet's layers (flat, dotted names: {@code image.tag}) nested the way Helm
 * reads them ({@code image: {tag: ...}}), then the release's own values merged over them as Helm merges values
 * files: maps key by key, anything else (scalars, lists) replaced whole.
 */
final class ChartValues {
    private ChartValues() {}

    /** Nests dotted names; a name that is both a value and the prefix of others ({@code a} and {@code a.b}) is refused. */
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> nested = new TreeMap<>();
        for (Map.Entry<String, Object> entry : new TreeMap<>(flat).entrySet()) {
            String[] parts = entry.getKey().split("\\.", -1);
            Map<String, Object> current = nested;
            for (int index = 0; index < parts.length - 1; index++) {
                Object next = current.computeIfAbsent(parts[index], ignored -> new TreeMap<String, Object>());
                if (!(next instanceof Map<?, ?>)) {
                    throw conflict(String.join(".", java.util.Arrays.copyOf(parts, index + 1)), entry.getKey());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) next;
                current = map;
            }
            String last = parts[parts.length - 1];
            if (current.get(last) instanceof Map<?, ?>) {
                throw conflict(entry.getKey(), entry.getKey() + ".*");
            }
            current.put(last, entry.getValue());
        }
        return nested;
    }

    /** {@code override} merged over {@code base}, as Helm merges a later values file over an earlier one. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, ?> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> overrideMap && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, merge(typed(baseMap), typed(overrideMap)));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> typed(Map<?, ?> map) {
        Map<String, Object> typed = new LinkedHashMap<>();
        map.forEach((key, value) -> typed.put(String.valueOf(key), value));
        return typed;
    }

    private static TrebuchetException conflict(String value, String nested) {
        return new TrebuchetException(
                ErrorCode.INVALID_VALUES,
                "values '%s' and '%s' cannot both be given to a chart: '%s' would be a value and a map"
                        .formatted(value, nested, value),
                Map.of("value", value));
    }
}
