package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one scenario measured on one backend with one JVM profile: its figures, the baselines measured beside them, the
 * ratios that count, the servers' peak resident memory, and the sizes it ran with.
 */
record ScenarioResult(
        BenchScenario scenario,
        String backend,
        BenchJvm jvm,
        Map<String, Object> parameters,
        List<Figure> figures,
        List<Figure> baselines,
        List<Ratio> ratios,
        OptionalLong peakRssBytes,
        Duration elapsed,
        List<String> notes) {
    ScenarioResult {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(jvm, "jvm is null");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        figures = List.copyOf(figures);
        baselines = List.copyOf(baselines);
        ratios = List.copyOf(ratios);
        requireNonNull(peakRssBytes, "peakRssBytes is null");
        requireNonNull(elapsed, "elapsed is null");
        notes = List.copyOf(notes);
    }

    /**
     * This result measured with {@code profile}, compared figure by figure with the same scenario's run on the default
     * JVM: a ratio per figure both have.
     */
    ScenarioResult measuredWith(BenchJvm profile, ScenarioResult unconstrained) {
        List<Ratio> compared = new ArrayList<>(ratios);
        for (Figure figure : figures) {
            unconstrained.figures().stream()
                    .filter(other -> other.key().equals(figure.key()) && other.value() != 0)
                    .findFirst()
                    .ifPresent(other -> compared.add(new Ratio(
                            figure.key() + "PerDefaultJvm",
                            "%s: %s JVM / default JVM".formatted(figure.label(), profile.label()),
                            figure.value() / other.value())));
        }
        return new ScenarioResult(
                scenario, backend, profile, parameters, figures, baselines, compared, peakRssBytes, elapsed, notes);
    }

    /** A measured value; {@code key} is stable across runs (the JSON's), {@code label} is for people. */
    record Figure(String key, String label, double value, String unit) {
        Figure {
            requireNonNull(key, "key is null");
            requireNonNull(label, "label is null");
            requireNonNull(unit, "unit is null");
        }
    }

    /** A figure divided by its baseline; {@code label} says which way is better. */
    record Ratio(String key, String label, double value) {
        Ratio {
            requireNonNull(key, "key is null");
            requireNonNull(label, "label is null");
        }
    }

    /** Collects a scenario's results as it runs. */
    static final class Builder {
        private final BenchScenario scenario;
        private final String backend;
        private final long startNanos = System.nanoTime();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<Figure> figures = new ArrayList<>();
        private final List<Figure> baselines = new ArrayList<>();
        private final List<Ratio> ratios = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private OptionalLong peakRssBytes = OptionalLong.empty();

        Builder(BenchScenario scenario, String backend) {
            this.scenario = requireNonNull(scenario, "scenario is null");
            this.backend = requireNonNull(backend, "backend is null");
        }

        Builder parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        Builder figure(String key, String label, double value, String unit) {
            figures.add(new Figure(key, label, value, unit));
            return this;
        }

        /** p50 and p99 of {@code latencies} as two figures {@code key.p50} and {@code key.p99}, in milliseconds. */
        Builder latencies(String key, String label, Latencies latencies) {
            figure(key + ".p50", label + " p50", latencies.p50Millis(), "ms");
            figure(key + ".p99", label + " p99", latencies.p99Millis(), "ms");
            return this;
        }

        Builder baseline(String key, String label, double value, String unit) {
            baselines.add(new Figure(key, label, value, unit));
            return this;
        }

        Builder ratio(String key, String label, double value) {
            ratios.add(new Ratio(key, label, value));
            return this;
        }

        Builder note(String note) {
            notes.add(note);
            return this;
        }

        /** Keeps the highest peak of the scenario's servers. */
        Builder peakRss(OptionalLong bytes) {
            if (bytes.isPresent() && (peakRssBytes.isEmpty() || bytes.getAsLong() > peakRssBytes.getAsLong())) {
                peakRssBytes = bytes;
            }
            return this;
        }

        ScenarioResult build() {
            return new ScenarioResult(
                    scenario,
                    backend,
                    BenchJvm.DEFAULT,
                    parameters,
                    figures,
                    baselines,
                    ratios,
                    peakRssBytes,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    notes);
        }
    }
}
