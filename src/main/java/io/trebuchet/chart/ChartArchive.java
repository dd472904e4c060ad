package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A packaged chart ({@code helm package}'s gzipped tar), read within {@link DocumentLimits}: its sha256 digest, and the
 * two files the server reads itself, {@code Chart.yaml} and {@code values.yaml}. Everything else is Helm's to read.
 */
public final class ChartArchive {
    private static final int BLOCK = 512;

    private final byte[] bytes;
    private final String digest;
    private final String directory;
    private final Map<String, Object> chart;
    private final String chartYaml;
    private final String valuesYaml;
    private final ChartVersion version;

    private ChartArchive(byte[] bytes, String directory, String chartYaml, String valuesYaml) {
        this.bytes = bytes;
        this.digest = sha256(bytes);
        this.directory = directory;
        this.chartYaml = chartYaml;
        this.valuesYaml = valuesYaml;
        this.chart = yamlObject(chartYaml, directory + "/Chart.yaml");
        Object name = chart.get("name");
        if (!(name instanceof String text) || !ChartReference.NAME.matcher(text).matches()) {
            throw invalid("%s/Chart.yaml: name is missing or not a chart name".formatted(directory));
        }
        Object version = chart.get("version");
        if (version == null) {
            throw invalid("%s/Chart.yaml: version is missing".formatted(directory));
        }
        this.version = ChartVersion.parse(String.valueOf(version));
    }

    /** Reads an archive; refuses one that is too large, not a gzipped tar, or without a Chart.yaml at its top. */
    public static ChartArchive read(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length > DocumentLimits.MAX_CHART_ARCHIVE_BYTES) {
            throw tooLarge(
                    "the chart archive has %d bytes".formatted(bytes.length), DocumentLimits.MAX_CHART_ARCHIVE_BYTES);
        }
        Map<String, String> files = new LinkedHashMap<>();
        String directory = null;
        try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            long unpacked = 0;
            int count = 0;
            Optional<String> longName = Optional.empty();
            while (true) {
                byte[] header = tar.readNBytes(BLOCK);
                if (header.length < BLOCK || isZero(header)) {
                    break;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                unpacked += size;
                count++;
                if (unpacked > DocumentLimits.MAX_CHART_UNPACKED_BYTES) {
                    throw tooLarge(
                            "the chart archive unpacks to more than %d bytes"
                                    .formatted(DocumentLimits.MAX_CHART_UNPACKED_BYTES),
                            DocumentLimits.MAX_CHART_UNPACKED_BYTES);
                }
                if (count > DocumentLimits.MAX_CHART_FILES) {
                    throw tooLarge(
                            "the chart archive has more than %d files".formatted(DocumentLimits.MAX_CHART_FILES),
                            DocumentLimits.MAX_CHART_FILES);
                }
                byte[] content = tar.readNBytes((int) size);
                if (content.length < size) {
                    throw invalid("the chart archive is truncated");
                }
                tar.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                String name = longName.orElseGet(() -> name(header));
                longName = Optional.empty();
                switch (type) {
                    case 'x' -> longName = paxPath(content);
                    case 'L' -> longName = Optional.of(text(content).replace("\0", ""));
                    case '0', '\0' -> {
                        int slash = name.indexOf('/');
                        if (slash > 0) {
                            String top = name.substring(0, slash);
                            String rest = name.substring(slash + 1);
                            if (rest.equals("Chart.yaml") || rest.equals("values.yaml")) {
                                if (directory == null && rest.equals("Chart.yaml")) {
                                    directory = top;
                                }
                                files.put(name, text(content));
                            }
                        }
                    }
                    default -> {
                        // Directories, links and global headers hold nothing the server reads.
                    }
                }
            }
        } catch (IOException e) {
            throw invalid("the chart is not a gzipped tar archive as helm package writes it: " + e.getMessage());
        }
        if (directory == null) {
            throw invalid("the chart archive has no <chart>/Chart.yaml");
        }
        return new ChartArchive(
                bytes,
                directory,
                files.get(directory + "/Chart.yaml"),
                files.getOrDefault(directory + "/values.yaml", ""));
    }

    public byte[] bytes() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    /** {@code sha256:<hex>} of the archive's bytes. */
    public String digest() {
        return digest;
    }

    /** The directory at the archive's top: the chart's name, which names its files in errors and findings. */
    public String directory() {
        return directory;
    }

    public String name() {
        return (String) chart.get("name");
    }

    public ChartVersion version() {
        return version;
    }

    public Optional<String> appVersion() {
        Object value = chart.get("appVersion");
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    public String chartYaml() {
        return chartYaml;
    }

    public String valuesYaml() {
        return valuesYaml;
    }

    /** The chart's default values ({@code values.yaml}); empty when it has none. */
    public Map<String, Object> values() {
        return yamlObject(valuesYaml, directory + "/values.yaml");
    }

    private static Map<String, Object> yamlObject(String text, String file) {
        List<Object> documents;
        try {
            documents = Yaml.load(text, Yaml.settings(file).build(), file);
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "%s is not valid YAML: %s".formatted(file, e.getMessage()),
                    Map.of("file", file));
        }
        if (documents.isEmpty() || documents.getFirst() == null) {
            return Map.of();
        }
        if (!(documents.getFirst() instanceof Map<?, ?> map)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART, "%s is not a YAML mapping".formatted(file), Map.of("file", file));
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        map.forEach((key, value) -> typed.put(String.valueOf(key), value));
        return typed;
    }

    private static Optional<String> paxPath(byte[] content) {
        for (String record : text(content).lines().toList()) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return Optional.of(record.substring(space + 1 + "path=".length()));
            }
        }
        return Optional.empty();
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String text = field(header, offset, length).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw invalid("the chart archive has a malformed tar header");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte value : block) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_CHART, message, Map.of("field", "chart"));
    }

    private static TrebuchetException tooLarge(String problem, long maximum) {
        return new TrebuchetException(
                ErrorCode.CHART_TOO_LARGE,
                "%s; at most %d are allowed".formatted(problem, maximum),
                Map.of("maximum", maximum));
    }
}
