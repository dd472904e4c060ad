package io.trebuchet.template;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A template: one or more YAML documents with {@code {{NAME}}} placeholders. Names are letters, digits, {@code _}
 * and dashes, in dot-separated parts (such as image.tag); spaces inside the braces are allowed. Anything else
 * between the double braces, or unclosed braces, is an error, found when the template is created.
 */
public record Template(String text) {
    public static final int MAX_LENGTH = 4 * 1024 * 1024;
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");

    public Template {
        requireNonNull(text, "text is null");
        if (text.length() > MAX_LENGTH) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_TEMPLATE, "template is longer than %d characters".formatted(MAX_LENGTH));
        }
        TemplateRenderer.check(text, scan(text));
    }

    @JsonCreator
    public static Template of(String text) {
        return new Template(text);
    }

    @JsonValue
    @Override
    public String text() {
        return text;
    }

    public List<Placeholder> placeholders() {
        return scan(text);
    }

    /** The names the template needs, sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        placeholders().forEach(placeholder -> names.add(placeholder.name()));
        return names;
    }

    static List<Placeholder> scan(String text) {
        List<Placeholder> placeholders = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int index = 0;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '\n') {
                line++;
                lineStart = index + 1;
                index++;
                continue;
            }
            if (c == '{' && text.startsWith("{{", index)) {
                int close = text.indexOf("}}", index + 2);
                int newline = text.indexOf('\n', index);
                if (close < 0 || (newline >= 0 && newline < close)) {
                    throw invalid("unclosed '{{' at line %d, column %d".formatted(line, index - lineStart + 1), line);
                }
                String inside = text.substring(index + 2, close).strip();
                if (!NAME.matcher(inside).matches()) {
                    throw invalid(
                            "'%s' at line %d, column %d is not a placeholder: write {{name}} or {{dotted.name}}"
                                    .formatted(shorten(text.substring(index, close + 2)), line, index - lineStart + 1),
                            line);
                }
                placeholders.add(new Placeholder(inside, line, index - lineStart + 1, index, close + 2));
                index = close + 2;
                continue;
            }
            index++;
        }
        return List.copyOf(placeholders);
    }

    private static TrebuchetException invalid(String message, int line) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("line", line);
        return new TrebuchetException(ErrorCode.INVALID_TEMPLATE, "template is invalid: " + message, details);
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
