package io.trebuchet.template;

import static java.util.Objects.requireNonNull;

/** A value after merging, and the layer it came from. */
public record MergedValue(Object value, Layer layer, String source) {
    public MergedValue {
        requireNonNull(value, "value is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(source, "source is null");
    }
}
