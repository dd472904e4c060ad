package io.trebuchet.bench;

import java.util.ArrayList;
import java.util.List;

/** Which JVM settings the bench's servers run with: the machine's defaults, or those of the Helm chart's pod. */
enum BenchJvm {
    /** The JVM sizes its heap from the machine (and {@code --server-java-option}). */
    DEFAULT("default"),
    /**
     * The chart's {@code javaToolOptions} in its memory limit ({@code charts/trebuchet/values.yaml}): {@code MaxRAM}
     * makes the JVM size its heap as it does inside a 768 MiB container.
     */
    CHART("chart");

    static final List<String> CHART_OPTIONS =
            List.of("-XX:MaxRAM=768m", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError");

    private final String label;

    BenchJvm(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The servers' JVM options: {@code base} (from the command line), then this profile's. */
    List<String> options(List<String> base) {
        List<String> options = new ArrayList<>(base);
        switch (this) {
            case DEFAULT -> {}
            case CHART -> options.addAll(CHART_OPTIONS);
        }
        return List.copyOf(options);
    }
}
