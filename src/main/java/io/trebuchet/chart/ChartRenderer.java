package io.trebuchet.chart;

import com.marcnuri.helm.Helm;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders a chart archive with values, as {@code helm template <application> <archive> -f values} does, through the
 * helm library bundled with helm-java: no helm binary, no cluster, no network. The archive and the values go through a
 * temporary directory that is removed afterwards.
 */
final class ChartRenderer {
    private ChartRenderer() {}

    static String render(ChartArchive chart, AppName application, EnvName environment, Map<String, Object> values) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("trebuchet-chart-");
            Path archive = directory.resolve(chart.directory() + ".tgz");
            Files.write(archive, chart.bytes());
            Path valuesFile = directory.resolve("values.json");
            // JSON is YAML: helm reads it as a values file.
            Files.writeString(valuesFile, Json.write(values));
            try {
                return new Helm(archive)
                        .template()
                        .withName(application.value())
                        .withValuesFile(valuesFile)
                        .call();
            } catch (RuntimeException e) {
                throw failure(chart, environment, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the chart of %s to a temporary directory".formatted(application), e);
        } finally {
            if (directory != null) {
                delete(directory);
            }
        }
    }

    private static TrebuchetException failure(ChartArchive chart, EnvName environment, RuntimeException error) {
        RenderFailure failure = RenderFailure.of(error.getMessage());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chart", chart.name());
        details.put("chartVersion", chart.version().text());
        details.put("environment", environment.value());
        failure.template().ifPresent(template -> details.put("template", template));
        failure.line().ifPresent(line -> details.put("line", line));
        details.put("reason", failure.reason());
        String where = failure.template()
                .map(template -> " in " + template
                        + failure.line().map(line -> " at line " + line).orElse(""))
                .orElse("");
        return new TrebuchetException(
                ErrorCode.CHART_RENDER_FAILED,
                "chart %s %s does not render for %s%s: %s"
                        .formatted(chart.name(), chart.version(), environment, where, failure.reason()),
                details);
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary chart directory " + directory, e);
        }
    }
}
