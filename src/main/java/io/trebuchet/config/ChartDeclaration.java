package io.trebuchet.config;

import io.trebuchet.application.ApplicationChart;
import io.trebuchet.chart.ChartArchive;
import io.trebuchet.chart.ChartReference;
import io.trebuchet.chart.ChartVersion;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An application's {@code chart} in a platform file: {@code path}, a chart directory of the platform, or {@code chart}
 * (an OCI reference, or a chart name with {@code repository}) with an exact {@code version}. The command line packs a
 * path's directory and sends the archive, base64, as {@code archive}: the server cannot read the platform directory,
 * and keeps the archive so that later releases render it.
 */
public record ChartDeclaration(
        Optional<String> path,
        Optional<String> archive,
        Optional<String> chart,
        Optional<String> repository,
        Optional<String> version) {
    public ChartDeclaration {
        path = path == null ? Optional.empty() : path;
        archive = archive == null ? Optional.empty() : archive;
        chart = chart == null ? Optional.empty() : chart;
        repository = repository == null ? Optional.empty() : repository;
        version = version == null ? Optional.empty() : version;
        if (path.isPresent()) {
            if (chart.isPresent() || repository.isPresent() || version.isPresent()) {
                throw invalid(
                        "chart.path",
                        "give path (a chart directory of the platform) or chart with version, not both: a chart"
                                + " directory has its version in its Chart.yaml");
            }
            if (archive.isEmpty()) {
                throw invalid(
                        "chart.path",
                        "names a chart directory the server cannot read: apply the platform directory with trebuchet"
                                + " apply -f DIR, which packs it");
            }
            packed(archive.get());
        } else {
            if (archive.isPresent()) {
                throw invalid("chart.archive", "is sent by trebuchet apply for a chart path only");
            }
            String reference = chart.orElseThrow(() -> invalid(
                    "chart",
                    "needs path (a chart directory of the platform) or chart (oci://registry/path/name, or a chart"
                            + " name with repository) with version"));
            Optional<String> from = repository;
            field("chart.chart", () -> ChartReference.parse(reference, from));
            String exact = version.orElseThrow(() -> new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "a chart reference needs an exact version: add chart.version (e.g. 1.4.2)",
                    Map.of("field", "chart.version")));
            field("chart.version", () -> ChartVersion.parse(exact));
        }
    }

    /** The packed archive of a chart path. */
    public Optional<ChartArchive> packedArchive() {
        return archive.map(ChartDeclaration::packed);
    }

    /** What the application's settings keep: the reference as written, or the packed chart's name, version, digest. */
    public ApplicationChart applicationChart() {
        Optional<ChartArchive> packed = packedArchive();
        if (packed.isPresent()) {
            return new ApplicationChart(
                    packed.get().name(),
                    Optional.empty(),
                    packed.get().version().text(),
                    path,
                    Optional.of(packed.get().digest()));
        }
        return new ApplicationChart(
                chart.orElseThrow(), repository, version.orElseThrow(), Optional.empty(), Optional.empty());
    }

    private static ChartArchive packed(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("chart.archive", "is not base64: " + e.getMessage());
        }
        return field("chart.path", () -> ChartArchive.read(bytes));
    }

    private static <T> T field(String field, Supplier<T> read) {
        try {
            return read.get();
        } catch (TrebuchetException e) {
            if (e.details().containsKey("maximum")) {
                throw e;
            }
            throw new TrebuchetException(e.code(), field + " " + e.getMessage(), Map.of("field", field));
        }
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_CHART, field + " " + message, Map.of("field", field));
    }
}
