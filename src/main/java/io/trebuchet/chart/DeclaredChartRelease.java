package io.trebuchet.chart;

import io.trebuchet.core.Version;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code POST /api/v1/applications/{app}/releases}: a release without manifests, rendered from what the application
 * declares. {@code parameters} are flat names ({@code image.tag}) as a template takes them; an application with a
 * chart also takes {@code values}, a nested mapping as a values file holds it. For a chart, both are the release's
 * own values, parameters merged over values.
 */
public record DeclaredChartRelease(
        Optional<Version> version,
        Map<String, Object> parameters,
        Map<String, Object> values,
        Optional<String> sourceCommitId,
        Optional<String> sourceAuthor,
        Optional<String> sourceMessage,
        Optional<String> displayVersion,
        Optional<String> ciLink) {
    public DeclaredChartRelease {
        version = version == null ? Optional.empty() : version;
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
        Values.flatten(parameters, "parameters");
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sourceCommitId = sourceCommitId == null ? Optional.empty() : sourceCommitId;
        sourceAuthor = sourceAuthor == null ? Optional.empty() : sourceAuthor;
        sourceMessage = sourceMessage == null ? Optional.empty() : sourceMessage;
        displayVersion = displayVersion == null ? Optional.empty() : displayVersion;
        ciLink = ciLink == null ? Optional.empty() : ciLink;
    }

    /** The release's own chart values: {@code values}, with {@code parameters} nested as Helm reads dotted names. */
    Map<String, Object> chartValues() {
        return ChartValues.merge(values, ChartValues.nest(Values.flatten(parameters, "parameters")));
    }
}
