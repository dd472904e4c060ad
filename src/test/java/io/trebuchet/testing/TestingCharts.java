package io.trebuchet.testing;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Helm charts for tests, made as users make them: {@code helm create} through helm-java, edited, then {@code helm
 * package}d. {@link #practical} gives a chart that follows every chart practice; tests break one at a time from there.
 */
public final class TestingCharts {
    private TestingCharts() {}

    /** A chart exactly as {@code helm create} makes it (version 0.1.0, empty resources and securityContext). */
    public static Path created(Path directory, String name) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Helm.create().withName(name).withDir(directory).call();
        return directory.resolve(name);
    }

    /** A chart that follows the practices: version 1.0.0, appVersion a tag, resources set, non-root by default. */
    public static Path practical(Path directory, String name) {
        Path chart = created(directory, name);
        replaceLine(chart, "Chart.yaml", "version: .*", "version: 1.0.0");
        replaceLine(chart, "Chart.yaml", "appVersion: .*", "appVersion: \"2.4.0\"");
        replaceLine(
                chart,
                "values.yaml",
                "resources: \\{\\}",
                "resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n  limits:\n    cpu: 500m\n    memory: 256Mi");
        replaceLine(
                chart,
                "values.yaml",
                "securityContext: \\{\\}",
                "securityContext:\n  runAsNonRoot: true\n  runAsUser: 1000\n  allowPrivilegeEscalation: false");
        return chart;
    }

    /** Replaces every whole line of {@code file} that matches {@code line} (a regular expression). */
    public static void replaceLine(Path chart, String file, String line, String replacement) {
        Path path = chart.resolve(file);
        try {
            String text = Files.readString(path);
            String changed = Pattern.compile("^" + line + "$", Pattern.MULTILINE)
                    .matcher(text)
                    .replaceAll(java.util.regex.Matcher.quoteReplacement(replacement));
            if (changed.equals(text)) {
                throw new IllegalArgumentException("no line of %s matches %s".formatted(path, line));
            }
            Files.writeString(path, changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path chart, String file, String content) {
        try {
            Files.writeString(chart.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm package}: the archive's bytes. */
    public static byte[] pack(Path chart) {
        try {
            Path destination = Files.createTempDirectory("trebuchet-chart-package");
            new Helm(chart).packageIt().withDestination(destination).call();
            try (var files = Files.list(destination)) {
                Path archive = files.filter(path -> path.toString().endsWith(".tgz"))
                        .findFirst()
                        .orElseThrow();
                return Files.readAllBytes(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
