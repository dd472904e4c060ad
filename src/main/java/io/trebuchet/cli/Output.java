package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.core.JsonTrees;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a client command prints: sentences and aligned tables for people ({@code --output table}), the API's JSON for
 * scripts ({@code --output json}). Results go to standard output, errors to standard error.
 */
final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;

    Output(PrintWriter out, PrintWriter err, OutputFormat format) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.format = requireNonNull(format, "format is null");
    }

    boolean isJson() {
        return format == OutputFormat.JSON;
    }

    /** Prints {@code value} indented: a tree as it is, anything else (a map of a few fields) through the mapper. */
    void json(Object value) {
        try {
            out.println(
                    value instanceof JsonNode tree
                            ? JsonTrees.pretty(tree)
                            : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    void error(String text) {
        err.println(text);
        err.flush();
    }

    void table(List<String> headers, List<List<String>> rows) {
        out.print(table(headers, rows, 2));
        out.flush();
    }

    /** Left-aligned columns separated by {@code gap} spaces, without trailing spaces; one line per row. */
    static String table(List<String> headers, List<List<String>> rows, int gap) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int columns = headers.size();
        int[] widths = new int[columns];
        for (List<String> row : all) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("row has %d cells, not %d: %s".formatted(row.size(), columns, row));
            }
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + gap));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** An instant of the API's JSON to the second, as people read it; {@code -} when absent. */
    static String time(JsonNode value) {
        if (!value.isTextual()) {
            return "-";
        }
        try {
            return Instant.parse(value.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return value.asText();
        }
    }

    /** Free text for one table cell: on one line, at most {@code limit} characters. */
    static String cell(String text, int limit) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= limit ? line : line.substring(0, limit - 3) + "...";
    }
}
