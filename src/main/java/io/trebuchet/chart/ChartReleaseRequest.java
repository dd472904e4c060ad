package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A release that names a chart instead of manifests: the chart, the release's own values (the highest layer, merged
 * over the application's layers as Helm merges values files), and the fields every release has.
 */
public record ChartReleaseRequest(
        ChartSource chart,
        Map<String, Object> values,
        Optional<Version> version,
        Optional<String> sourceCommitId,
        Optional<String> sourceAuthor,
        Optional<String> sourceMessage,
        Optional<String> displayVersion,
        Optional<String> ciLink) {
    public ChartReleaseRequest {
        requireNonNull(chart, "chart is null");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
        requireNonNull(version, "version is null");
        requireNonNull(sourceCommitId, "sourceCommitId is null");
        requireNonNull(sourceAuthor, "sourceAuthor is null");
        requireNonNull(sourceMessage, "sourceMessage is null");
        requireNonNull(displayVersion, "displayVersion is null");
        requireNonNull(ciLink, "ciLink is null");
    }
}
