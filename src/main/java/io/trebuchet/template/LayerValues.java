package io.trebuchet.template;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The values of one layer, and which layer it is ({@code source} names it: the stack, the environment...). */
public record LayerValues(Layer layer, String source, Map<String, Object> values) {
    public LayerValues {
        requireNonNull(layer, "layer is null");
        requireNonNull(source, "source is null");
        values = Map.copyOf(values);
    }
}
