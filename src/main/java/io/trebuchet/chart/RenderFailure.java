package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Helm says a chart failed to render: the template file and the line, read from its message, which has one of a
 * few shapes ({@code template: c/templates/x.yaml:12:5: executing ...}, {@code parse error at (c/templates/x.yaml:3):
 * ...}, {@code execution error at (c/templates/x.yaml:4:3): ...}, {@code YAML parse error on c/templates/x.yaml: ...
 * yaml: line 5: ...}).
 */
record RenderFailure(Optional<String> template, Optional<Integer> line, String reason) {
    private static final Pattern AT_LINE =
            Pattern.compile("([A-Za-z0-9_.-]+/(?:charts/[^\\s:()]+/)?templates/[^\\s:()]+):(\\d+)");
    private static final Pattern YAML_ERROR =
            Pattern.compile("YAML parse error on ([^\\s:]+):.*?line (\\d+)", Pattern.DOTALL);
    private static final Pattern FILE =
            Pattern.compile("([A-Za-z0-9_.-]+/(?:charts/[^\\s:()]+/)?templates/[^\\s:()]+)");
    private static final int MAX_REASON = 2000;

    RenderFailure {
        requireNonNull(template, "template is null");
        requireNonNull(line, "line is null");
        requireNonNull(reason, "reason is null");
    }

    static RenderFailure of(String message) {
        String reason = message == null ? "helm failed without a message" : message.strip();
        if (reason.startsWith("Error: ")) {
            reason = reason.substring("Error: ".length());
        }
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 3) + "...";
        }
        Matcher yaml = YAML_ERROR.matcher(reason);
        if (yaml.find()) {
            return new RenderFailure(Optional.of(yaml.group(1)), Optional.of(Integer.parseInt(yaml.group(2))), reason);
        }
        Matcher atLine = AT_LINE.matcher(reason);
        if (atLine.find()) {
            return new RenderFailure(
                    Optional.of(atLine.group(1)), Optional.of(Integer.parseInt(atLine.group(2))), reason);
        }
        Matcher file = FILE.matcher(reason);
        if (file.find()) {
            return new RenderFailure(Optional.of(file.group(1)), Optional.empty(), reason);
        }
        return new RenderFailure(Optional.empty(), Optional.empty(), reason);
    }
}
