package io.trebuchet.bench;

import io.trebuchet.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's results as a Markdown table for people (paste it into docs/performance.md) and as JSON for tools: {@code
 * results.json} (the latest run) and a copy named after the run's start, so that reruns keep the earlier runs to
 * compare with.
 */
final class BenchReport {
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BenchReport() {}

    static String table(List<ScenarioResult> results) {
        // The jvm column only when a run compared JVM settings (--chart-jvm).
        boolean jvms = results.stream().anyMatch(result -> result.jvm() != BenchJvm.DEFAULT);
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(jvms, "scenario", "backend", "jvm", "figure", "value"));
        for (ScenarioResult result : results) {
            String scenario = result.scenario().label();
            String jvm = result.jvm().label();
            for (ScenarioResult.Figure figure : result.figures()) {
                rows.add(row(jvms, scenario, result.backend(), jvm, figure.label(), value(figure)));
            }
            for (ScenarioResult.Figure baseline : result.baselines()) {
                rows.add(row(jvms, scenario, result.backend(), jvm, "baseline: " + baseline.label(), value(baseline)));
            }
            for (ScenarioResult.Ratio ratio : result.ratios()) {
                rows.add(row(
                        jvms,
                        scenario,
                        result.backend(),
                        jvm,
                        "**ratio**: " + ratio.label(),
                        "**" + number(ratio.value()) + "**"));
            }
            result.peakRssBytes()
                    .ifPresent(bytes -> rows.add(row(
                            jvms,
                            scenario,
                            result.backend(),
                            jvm,
                            "peak RSS of the server",
                            number(bytes / 1048576.0) + " MiB")));
        }
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int column = 0; column < columns; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int index = 0; index < rows.size(); index++) {
            List<String> row = rows.get(index);
            table.append('|');
            for (int column = 0; column < columns; column++) {
                String cell = row.get(column);
                table.append(' ');
                if (column == columns - 1) {
                    table.append(" ".repeat(widths[column] - cell.length())).append(cell);
                } else {
                    table.append(cell).append(" ".repeat(widths[column] - cell.length()));
                }
                table.append(" |");
            }
            table.append('\n');
            if (index == 0) {
                table.append('|');
                for (int column = 0; column < columns; column++) {
                    table.append(
                            column == columns - 1
                                    ? " " + "-".repeat(widths[column] - 1) + ": |"
                                    : " " + "-".repeat(widths[column]) + " |");
                }
                table.append('\n');
            }
        }
        return table.toString();
    }

    private static List<String> row(
            boolean withJvm, String scenario, String backend, String jvm, String figure, String value) {
        return withJvm ? List.of(scenario, backend, jvm, figure, value) : List.of(scenario, backend, figure, value);
    }

    private static String value(ScenarioResult.Figure figure) {
        return number(figure.value()) + " " + figure.unit();
    }

    /** Three significant digits or so, grouped thousands. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        String format;
        if (magnitude >= 1000) {
            format = "%,.0f";
        } else if (magnitude >= 100) {
            format = "%.0f";
        } else if (magnitude >= 10) {
            format = "%.1f";
        } else if (magnitude >= 1) {
            format = "%.2f";
        } else {
            format = "%.3f";
        }
        return String.format(Locale.ROOT, format, value);
    }

    static Map<String, Object> json(
            Instant started,
            double seconds,
            boolean quick,
            Machine machine,
            Map<String, Object> environment,
            Map<String, Object> sizes,
            List<ScenarioResult> results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", started.toString());
        json.put("durationSeconds", seconds);
        json.put("quick", quick);
        json.put("machine", machine.describe());
        json.put("environment", environment);
        json.put("sizes", sizes);
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (ScenarioResult result : results) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("scenario", result.scenario().label());
            scenario.put("backend", result.backend());
            scenario.put("jvm", result.jvm().label());
            scenario.put("seconds", result.elapsed().toMillis() / 1000.0);
            scenario.put("parameters", result.parameters());
            scenario.put("metrics", figures(result.figures()));
            scenario.put("baselines", figures(result.baselines()));
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (ScenarioResult.Ratio ratio : result.ratios()) {
                ratios.put(ratio.key(), Map.of("value", ratio.value(), "label", ratio.label()));
            }
            scenario.put("ratios", ratios);
            result.peakRssBytes().ifPresent(bytes -> scenario.put("peakRssBytes", bytes));
            scenario.put("notes", result.notes());
            scenarios.add(scenario);
        }
        json.put("scenarios", scenarios);
        return json;
    }

    private static Map<String, Object> figures(List<ScenarioResult.Figure> figures) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (ScenarioResult.Figure figure : figures) {
            json.put(figure.key(), Map.of("value", figure.value(), "unit", figure.unit(), "label", figure.label()));
        }
        return json;
    }

    /** Writes {@code results.json} and a copy named after {@code started}; returns the former. */
    static Path write(Path output, Instant started, Map<String, Object> json) {
        String text;
        try {
            text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the results as JSON", e);
        }
        Path latest = output.resolve("results.json");
        try {
            Files.createDirectories(output);
            Files.writeString(latest, text, StandardCharsets.UTF_8);
            Files.writeString(
                    output.resolve("results-" + FILE_TIME.format(started) + ".json"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results under " + output, e);
        }
        return latest;
    }
}
