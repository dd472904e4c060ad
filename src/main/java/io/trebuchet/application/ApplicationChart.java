package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Helm chart an application declares, which its releases without a chart of their own are rendered from: a chart
 * directory of the platform ({@code path}, packed at apply; the server keeps the archive by its {@code digest}, and
 * {@code chart} and {@code version} are the packed chart's name and version), or a reference ({@code chart}: an OCI
 * reference or a chart name with {@code repository}) at an exact {@code version}. The chart package reads the
 * reference; this record only holds what was declared, so that applications stay below charts.
 */
public record ApplicationChart(
        String chart, Optional<String> repository, String version, Optional<String> path, Optional<String> digest) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ApplicationChart {
        requireNonNull(chart, "chart is null");
        requireNonNull(version, "version is null");
        repository = repository == null ? Optional.empty() : repository;
        path = path == null ? Optional.empty() : path;
        digest = digest == null ? Optional.empty() : digest;
        if (path.isPresent() != digest.isPresent()) {
            throw invalid("chart.digest", "a chart from a path has the digest of its packed archive, and only it");
        }
        if (path.isPresent() && repository.isPresent()) {
            throw invalid("chart.repository", "a chart from a path has no repository");
        }
        digest.filter(value -> !DIGEST.matcher(value).matches()).ifPresent(value -> {
            throw invalid("chart.digest", "must be sha256:<64 hex digits>, got " + value);
        });
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_CHART, field + " " + message, Map.of("field", field));
    }
}
