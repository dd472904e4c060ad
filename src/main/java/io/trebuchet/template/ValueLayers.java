package io.trebuchet.template;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Merges layers of values: a higher layer overrides a lower one name by name, and each name keeps its source. */
public final class ValueLayers {
    private ValueLayers() {}

    public static Map<String, MergedValue> merge(List<LayerValues> layers) {
        Map<String, MergedValue> merged = new TreeMap<>();
        layers.stream()
                .sorted(Comparator.comparing(LayerValues::layer))
                .forEach(layer -> layer.values()
                        .forEach((name, value) ->
                                merged.put(name, new MergedValue(value, layer.layer(), layer.source()))));
        return Collections.unmodifiableMap(merged);
    }

    /** Just the values of a merge, for rendering. */
    public static Map<String, Object> values(Map<String, MergedValue> merged) {
        Map<String, Object> values = new TreeMap<>();
        merged.forEach((name, value) -> values.put(name, value.value()));
        return Collections.unmodifiableMap(values);
    }
}
