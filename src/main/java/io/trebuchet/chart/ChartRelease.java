package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a chart release was rendered from: the reference as given, the chart's name and version, its appVersion, the
 * archive's digest, and the merged values of each environment.
 */
public record ChartRelease(
        AppName application,
        Version version,
        String source,
        String reference,
        String chartName,
        String chartVersion,
        Optional<String> appVersion,
        String digest,
        Map<EnvName, Map<String, Object>> values) {
    public ChartRelease {
        requireNonNull(application, "application is null");
        requireNonNull(version, "version is null");
        requireNonNull(source, "source is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(chartName, "chartName is null");
        requireNonNull(chartVersion, "chartVersion is null");
        requireNonNull(appVersion, "appVersion is null");
        requireNonNull(digest, "digest is null");
        values = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values is null")));
    }
}
