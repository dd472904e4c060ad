package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two manifests in unified format (what {@code diff -u} prints), for the CLI's dry run and the UI's
 * "changes against the previous release". Computed with the longest common subsequence of lines; manifests are small
 * enough that the quadratic table is cheap, and larger inputs fall back to a whole replacement.
 */
public final class ManifestDiff {
    private static final long MAX_CELLS = 16_000_000L;

    private ManifestDiff() {}

    /** One line of a diff: unchanged, removed or added. */
    public record Line(Kind kind, String text) {
        public Line {
            requireNonNull(kind, "kind is null");
            requireNonNull(text, "text is null");
        }
    }

    public enum Kind {
        SAME,
        REMOVED,
        ADDED
    }

    /** Every line of both texts, in order, each marked as kept, removed or added. */
    public static List<Line> lines(String before, String after) {
        List<String> a = split(before);
        List<String> b = split(after);
        if ((long) a.size() * b.size() > MAX_CELLS) {
            List<Line> replaced = new ArrayList<>();
            a.forEach(line -> replaced.add(new Line(Kind.REMOVED, line)));
            b.forEach(line -> replaced.add(new Line(Kind.ADDED, line)));
            return replaced;
        }
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                lines.add(new Line(Kind.SAME, a.get(i)));
                i++;
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                lines.add(new Line(Kind.REMOVED, a.get(i++)));
            } else {
                lines.add(new Line(Kind.ADDED, b.get(j++)));
            }
        }
        while (i < a.size()) {
            lines.add(new Line(Kind.REMOVED, a.get(i++)));
        }
        while (j < b.size()) {
            lines.add(new Line(Kind.ADDED, b.get(j++)));
        }
        return List.copyOf(lines);
    }

    /**
     * The unified diff of two texts with {@code context} unchanged lines around each change and {@code ---}/{@code +++}
     * headers; empty when the texts are equal.
     */
    public static String unified(String before, String after, String beforeName, String afterName, int context) {
        List<Line> lines = lines(before, after);
        if (lines.stream().allMatch(line -> line.kind() == Kind.SAME)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeName).append('\n');
        out.append("+++ ").append(afterName).append('\n');
        int index = 0;
        while (index < lines.size()) {
            int change = nextChange(lines, index);
            if (change < 0) {
                break;
            }
            int start = Math.max(index, change - context);
            int end = hunkEnd(lines, change, context);
            appendHunk(out, lines, start, end);
            index = end;
        }
        return out.toString();
    }

    private static int nextChange(List<Line> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).kind() != Kind.SAME) {
                return i;
            }
        }
        return -1;
    }

    /** The end (exclusive) of the hunk starting at {@code change}: changes closer than 2 × context merge. */
    private static int hunkEnd(List<Line> lines, int change, int context) {
        int end = change;
        int unchanged = 0;
        for (int i = change; i < lines.size(); i++) {
            if (lines.get(i).kind() == Kind.SAME) {
                unchanged++;
                if (unchanged > 2 * context) {
                    break;
                }
            } else {
                unchanged = 0;
                end = i + 1;
            }
        }
        return Math.min(lines.size(), end + context);
    }

    private static void appendHunk(StringBuilder out, List<Line> lines, int start, int end) {
        int beforeStart = 1;
        int afterStart = 1;
        for (int i = 0; i < start; i++) {
            if (lines.get(i).kind() != Kind.ADDED) {
                beforeStart++;
            }
            if (lines.get(i).kind() != Kind.REMOVED) {
                afterStart++;
            }
        }
        int beforeCount = 0;
        int afterCount = 0;
        StringBuilder body = new StringBuilder();
        for (int i = start; i < end; i++) {
            Line line = lines.get(i);
            switch (line.kind()) {
                case SAME -> {
                    beforeCount++;
                    afterCount++;
                    body.append(' ');
                }
                case REMOVED -> {
                    beforeCount++;
                    body.append('-');
                }
                case ADDED -> {
                    afterCount++;
                    body.append('+');
                }
            }
            body.append(line.text()).append('\n');
        }
        out.append("@@ -")
                .append(beforeCount == 0 ? beforeStart - 1 : beforeStart)
                .append(',')
                .append(beforeCount)
                .append(" +")
                .append(afterCount == 0 ? afterStart - 1 : afterStart)
                .append(',')
                .append(afterCount)
                .append(" @@\n")
                .append(body);
    }

    private static List<String> split(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }
}
