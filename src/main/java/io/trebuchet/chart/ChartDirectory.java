package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Packs a chart directory as {@code helm package} does — a gzipped tar with one top directory named after the chart,
 * without what {@code .helmignore} lists — but reproducibly: files in path order, no owners, every time stamp zero and
 * no time in the gzip header, so that the same directory packs to the same bytes and digest. A platform's plan
 * compares a declared chart by that digest; helm's own archives carry the time of packing and would always differ.
 */
public final class ChartDirectory {
    private static final int BLOCK = 512;

    private ChartDirectory() {}

    /** Whether {@code directory} is a chart directory: it holds {@code Chart.yaml}. */
    public static boolean isChart(Path directory) {
        return Files.isRegularFile(directory.resolve("Chart.yaml"));
    }

    /**
     * The packed chart, read back as the server reads an upload, so that it is refused here (without a Chart.yaml,
     * too large, not a chart) exactly as the server would refuse it.
     */
    public static ChartArchive pack(Path directory) {
        requireNonNull(directory, "directory is null");
        if (!isChart(directory)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "%s is not a chart directory: it has no Chart.yaml".formatted(directory),
                    Map.of("field", "chart"));
        }
        try {
            String name = chartName(directory.resolve("Chart.yaml"));
            List<PathMatcher> ignored = ignored(directory);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                // Symbolic links are left out: a link could pack a file from outside the chart (helm follows them).
                files = walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                        .map(directory::relativize)
                        .filter(relative -> !isIgnored(relative, ignored))
                        .sorted()
                        .toList();
            }
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            long size = 0;
            try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
                for (Path relative : files) {
                    // The size first, so that a huge file is refused without being read.
                    size += Files.size(directory.resolve(relative));
                    if (size > DocumentLimits.MAX_CHART_UNPACKED_BYTES
                            || files.size() > DocumentLimits.MAX_CHART_FILES) {
                        throw new TrebuchetException(
                                ErrorCode.CHART_TOO_LARGE,
                                "the chart in %s has more than %d files or %d bytes"
                                        .formatted(
                                                directory,
                                                DocumentLimits.MAX_CHART_FILES,
                                                DocumentLimits.MAX_CHART_UNPACKED_BYTES),
                                Map.of("maximum", DocumentLimits.MAX_CHART_UNPACKED_BYTES));
                    }
                    byte[] content = Files.readAllBytes(directory.resolve(relative));
                    gzip.write(header(name + "/" + slashed(relative), content.length));
                    gzip.write(content);
                    gzip.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
                }
                gzip.write(new byte[2 * BLOCK]);
            }
            return ChartArchive.read(packed.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the chart in " + directory, e);
        }
    }

    /** The chart's name in its Chart.yaml: the archive's top directory, whatever the directory is called. */
    private static String chartName(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object name = null;
        try {
            List<Object> documents =
                    Yaml.load(text, Yaml.settings(file.toString()).build(), file.toString());
            if (!documents.isEmpty() && documents.getFirst() instanceof Map<?, ?> chart) {
                name = chart.get("name");
            }
        } catch (YamlEngineException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "%s is not valid YAML: %s".formatted(file, e.getMessage()),
                    Map.of("field", "chart"));
        }
        if (!(name instanceof String chartName)
                || !ChartReference.NAME.matcher(chartName).matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "%s: name is missing or not a chart name".formatted(file),
                    Map.of("field", "chart"));
        }
        return chartName;
    }

    /**
     * The patterns of {@code .helmignore}, as helm reads them for the common cases: a glob against a file's path in
     * the chart, or against each name on it when the pattern has no slash; a trailing slash names a directory.
     * Without the file, hidden files and directories are left out. Negations ({@code !pattern}) are refused rather
     * than read wrong.
     */
    private static List<PathMatcher> ignored(Path directory) throws IOException {
        Path file = directory.resolve(".helmignore");
        List<PathMatcher> matchers = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:.*"));
            return matchers;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            if (pattern.startsWith("!")) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_CHART,
                        "%s: the negated pattern %s is not supported; package the chart with helm package"
                                .formatted(file, pattern),
                        Map.of("field", "chart"));
            }
            if (pattern.endsWith("/")) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            if (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
        }
        return matchers;
    }

    private static boolean isIgnored(Path relative, List<PathMatcher> ignored) {
        for (int end = 1; end <= relative.getNameCount(); end++) {
            Path prefix = relative.subpath(0, end);
            Path name = relative.getName(end - 1);
            for (PathMatcher matcher : ignored) {
                if (matcher.matches(prefix) || matcher.matches(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** A ustar header; a name over 100 bytes is split into the prefix field at a slash, as tar does. */
    private static byte[] header(String path, long size) {
        byte[] header = new byte[BLOCK];
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        String rest = path;
        if (name.length > 100) {
            int slash = -1;
            for (int at = path.indexOf('/'); at > 0 && slash < 0; at = path.indexOf('/', at + 1)) {
                if (path.substring(0, at).getBytes(StandardCharsets.UTF_8).length <= 155
                        && path.substring(at + 1).getBytes(StandardCharsets.UTF_8).length <= 100) {
                    slash = at;
                }
            }
            if (slash < 0) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_CHART,
                        "the chart's file %s has too long a path to pack".formatted(path),
                        Map.of("field", "chart"));
            }
            prefix = path.substring(0, slash);
            rest = path.substring(slash + 1);
        }
        put(header, 0, rest.getBytes(StandardCharsets.UTF_8));
        put(header, 100, octal(0644, 8));
        put(header, 108, octal(0, 8));
        put(header, 116, octal(0, 8));
        put(header, 124, octal(size, 12));
        put(header, 136, octal(0, 12));
        header[156] = '0';
        put(header, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(header, 263, "00".getBytes(StandardCharsets.US_ASCII));
        put(header, 345, prefix.getBytes(StandardCharsets.UTF_8));
        for (int index = 148; index < 156; index++) {
            header[index] = ' ';
        }
        long checksum = 0;
        for (byte value : header) {
            checksum += value & 0xff;
        }
        put(header, 148, "%06o\0 ".formatted(checksum).getBytes(StandardCharsets.US_ASCII));
        return header;
    }

    private static byte[] octal(long value, int length) {
        return ("%0" + (length - 1) + "o\0").formatted(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] header, int offset, byte[] value) {
        System.arraycopy(value, 0, header, offset, value.length);
    }
}
