package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.policy.Finding;
import io.trebuchet.release.ReleaseOutcome;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A chart release: the release as any other, what it was rendered from, and the chart findings each environment keeps. */
public record ChartReleaseOutcome(ReleaseOutcome release, ChartRelease chart, Map<EnvName, List<Finding>> findings) {
    public ChartReleaseOutcome {
        requireNonNull(release, "release is null");
        requireNonNull(chart, "chart is null");
        findings = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(findings, "findings is null")));
    }
}
