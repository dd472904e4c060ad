package io.trebuchet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Lays out help at the terminal's width. picocli wraps at its own width and breaks where a line-breaking algorithm
 * allows, which includes the middle of a URL ({@code http:} / {@code //localhost}) and of examples, whose continuation
 * then starts in column 0. So picocli renders every section unwrapped, and this class wraps it: only at spaces, never
 * inside a word, a flag or a URL (a word longer than the line stays whole); option and command rows continue under
 * their description, the synopsis under its first option; an example too long for the line puts its comment on the
 * line above and continues with {@code \}, so that it can still be copied into a shell.
 */
final class HelpLayout {
    static final int DEFAULT_WIDTH = 80;
    private static final int MINIMUM_WIDTH = 40;
    private static final int MAXIMUM_WIDTH = 120;
    private static final int UNWRAPPED = 10_000;
    private static final String USAGE = "Usage: ";
    private static final Pattern SYNOPSIS = Pattern.compile("^" + USAGE + "(?:[a-z][a-z0-9-]* )+");
    // "  -a, --application=APP     Application." and "  serve    Run the server": the description's column.
    private static final Pattern ROW = Pattern.compile("^ {2,}\\S.*?\\S {2,}(?=\\S)");
    private static final Pattern EXAMPLE_COMMENT = Pattern.compile("^(\\s+\\S.*?)\\s{2,}(# .*)$");

    private HelpLayout() {}

    /** The help's width: {@code COLUMNS} (the launcher sets it from the terminal) within 40 to 120, else 80. */
    static int width(Map<String, String> environment) {
        return Optional.ofNullable(environment.get("COLUMNS"))
                .filter(columns -> columns.matches("[0-9]{1,4}"))
                .map(Integer::parseInt)
                .map(columns -> Math.max(MINIMUM_WIDTH, Math.min(MAXIMUM_WIDTH, columns)))
                .orElse(DEFAULT_WIDTH);
    }

    /** Makes {@code command} and its subcommands render their help unwrapped, then wrapped here at {@code width}. */
    static void apply(CommandLine command, int width) {
        command.setUsageHelpWidth(UNWRAPPED);
        command.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        wrapSections(command, width);
    }

    private static void wrapSections(CommandLine command, int width) {
        Map<String, IHelpSectionRenderer> sections = command.getHelpSectionMap();
        IHelpSectionRenderer heading = sections.get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING);
        IHelpSectionRenderer synopsis = sections.get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS);
        sections.replaceAll((key, renderer) -> help -> wrap(renderer.render(help), width));
        if (heading != null && synopsis != null) {
            // "Usage: " and the synopsis are two sections that make one line.
            sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, help -> "");
            sections.put(
                    CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                    help -> wrap(heading.render(help) + synopsis.render(help), width));
        }
        command.setHelpSectionMap(sections);
        // An alias maps to the same subcommand as its name: wrap each once.
        command.getSubcommands().forEach((name, subcommand) -> {
            if (subcommand.getCommandName().equals(name)) {
                wrapSections(subcommand, width);
            }
        });
    }

    /** {@code text} wrapped at {@code width}, as described above. */
    static String wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        boolean examples = false;
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith(" ")) {
                examples = line.strip().equals("Examples:");
            }
            if (line.length() <= width) {
                out.add(line);
            } else if (examples) {
                out.addAll(wrapExample(line, width));
            } else {
                out.addAll(wrapWords(line, width, start(line, width), continuation(line, width)));
            }
        }
        return String.join("\n", out);
    }

    /**
     * Where a line's text starts: breaks come after it (not inside an option row's option column, nor inside the
     * command's name in a synopsis, unless that name takes more than half the line).
     */
    private static int start(String line, int width) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
            return row.end();
        }
        Matcher synopsis = SYNOPSIS.matcher(line);
        if (synopsis.find()) {
            return synopsis.end() <= width / 2 ? synopsis.end() : USAGE.length();
        }
        return leadingSpaces(line);
    }

    /**
     * The indentation of a wrapped line's continuation: under the description of an option row; under the synopsis's
     * first option, or, when the command's name takes more than half the line (as picocli does), a short indent.
     */
    private static int continuation(String line, int width) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
            return row.end() + 2;
        }
        Matcher synopsis = SYNOPSIS.matcher(line);
        if (synopsis.find()) {
            return synopsis.end() <= width / 2 ? synopsis.end() : USAGE.length() + 2;
        }
        return leadingSpaces(line);
    }

    private static List<String> wrapWords(String line, int width, int start, int indent) {
        List<String> lines = new ArrayList<>();
        String rest = line;
        int from = start;
        while (rest.length() > width) {
            int space = rest.lastIndexOf(' ', width);
            if (space <= from) {
                space = rest.indexOf(' ', Math.max(from, width));
            }
            if (space < 0) {
                break;
            }
            lines.add(rest.substring(0, space).stripTrailing());
            rest = " ".repeat(indent) + rest.substring(space + 1).stripLeading();
            from = indent;
        }
        lines.add(rest);
        return lines;
    }

    /** A long example: its comment on a line of its own above it, then the command continued with {@code \}. */
    private static List<String> wrapExample(String line, int width) {
        List<String> lines = new ArrayList<>();
        String command = line;
        Matcher comment = EXAMPLE_COMMENT.matcher(line);
        if (comment.matches()) {
            command = comment.group(1);
            String indent = " ".repeat(leadingSpaces(command));
            String commentLine = indent + comment.group(2);
            lines.addAll(wrapWords(commentLine, width, indent.length() + 2, indent.length()).stream()
                    .map(part -> part.startsWith(indent + "#") ? part : indent + "# " + part.strip())
                    .toList());
            if (command.length() <= width) {
                lines.add(command);
                return lines;
            }
        }
        int indent = leadingSpaces(command);
        List<String> words = shellWords(command.strip());
        StringBuilder current = new StringBuilder(" ".repeat(indent));
        int currentStart = current.length();
        for (String word : words) {
            // Room for " \" at the end of a continued line.
            if (current.length() > currentStart && current.length() + 1 + word.length() + 2 > width) {
                lines.add(current.append(" \\").toString());
                current = new StringBuilder(" ".repeat(indent + 4));
                currentStart = current.length();
            }
            if (current.length() > currentStart) {
                current.append(' ');
            }
            current.append(word);
        }
        lines.add(current.toString());
        return lines;
    }

    /** The words of a command line, a quoted string ('QA tests 1.4') being one word. */
    private static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ' ') {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(c);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static int leadingSpaces(String line) {
        int count = 0;
        while (count < line.length() && line.charAt(count) == ' ') {
            count++;
        }
        return count;
    }
}
