package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.imageautomation.SemverRange;
import io.trebuchet.schedule.HumanDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An application's chart subscription: the chart to watch (an OCI reference, or a chart name in a classic repository),
 * the semver range of versions to release, how often to look, and whether pre-release versions are considered.
 * Credentials are the server's ({@code serve --chart-credentials}), as for any chart release.
 *
 * <p>Written as a map (JSON or YAML): {@code chart}, {@code repository} (for a chart name), {@code version} (a range,
 * default {@code *}), {@code interval} (default {@code 5m}, at least {@code 10s}), {@code preReleases} (default false).
 */
public record ChartSubscription(
        AppName application,
        String name,
        ChartReference chart,
        SemverRange range,
        HumanDuration interval,
        boolean preReleases) {
    public static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> FIELDS = Set.of("chart", "repository", "version", "interval", "preReleases");

    public ChartSubscription {
        requireNonNull(application, "application is null");
        requireNonNull(name, "name is null");
        requireNonNull(chart, "chart is null");
        requireNonNull(range, "range is null");
        requireNonNull(interval, "interval is null");
        checkName(name);
        if (chart instanceof ChartReference.Uploaded) {
            throw invalid("chart", "must name a chart in a registry or repository");
        }
        if (interval.value().compareTo(SHORTEST_INTERVAL) < 0) {
            throw invalid("interval", "must be at least 10s, got " + interval.text());
        }
    }

    public static void checkName(String name) {
        if (name.length() > 39 || !NAME.matcher(name).matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART_SUBSCRIPTION,
                    "chart subscription name '%s' must be lowercase letters, digits and inner dashes, at most 39"
                                    .formatted(name)
                            + " characters",
                    Map.of("field", "name"));
        }
    }

    /** Reads a subscription written as a map; refuses it naming the field that is wrong. */
    public static ChartSubscription fromMap(AppName application, String name, Map<String, ?> written) {
        requireNonNull(written, "written is null");
        for (String key : written.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(
                        key,
                        "is not a field of a chart subscription (known: %s)"
                                .formatted(String.join(
                                        ", ", FIELDS.stream().sorted().toList())));
            }
        }
        String chartText = text(written, "chart").orElseThrow(() -> invalid("chart", "is missing"));
        ChartReference chart;
        SemverRange range;
        HumanDuration interval;
        try {
            chart = ChartReference.parse(chartText, text(written, "repository"));
        } catch (TrebuchetException e) {
            throw new TrebuchetException(ErrorCode.INVALID_CHART_SUBSCRIPTION, e.getMessage(), e.details());
        }
        try {
            range = SemverRange.parse(text(written, "version").orElse("*"));
        } catch (TrebuchetException e) {
            throw invalid("version", "is not a semver range: " + e.getMessage());
        }
        try {
            interval = HumanDuration.parse(text(written, "interval").orElse("5m"), "interval");
        } catch (TrebuchetException e) {
            throw invalid("interval", "is not a duration: " + e.getMessage());
        }
        Object preReleases = written.get("preReleases");
        if (preReleases != null && !(preReleases instanceof Boolean)) {
            throw invalid("preReleases", "must be true or false");
        }
        return new ChartSubscription(application, name, chart, range, interval, Boolean.TRUE.equals(preReleases));
    }

    /** The subscription as {@link #fromMap} reads it. */
    public Map<String, Object> toMap() {
        Map<String, Object> written = new LinkedHashMap<>();
        switch (chart) {
            case ChartReference.Oci oci -> written.put("chart", oci.text());
            case ChartReference.Repository repository -> {
                written.put("chart", repository.name());
                written.put("repository", repository.url().toString());
            }
            case ChartReference.Uploaded uploaded -> throw new IllegalStateException("uploaded " + uploaded.name());
        }
        written.put("version", range.text());
        written.put("interval", interval.text());
        written.put("preReleases", preReleases);
        return written;
    }

    /** The repository URL, for a chart in a classic repository. */
    Optional<String> repository() {
        return chart instanceof ChartReference.Repository repository
                ? Optional.of(repository.url().toString())
                : Optional.empty();
    }

    /** The chart as {@link ChartReference#parse} reads it with {@link #repository}. */
    String chartText() {
        return chart instanceof ChartReference.Repository repository ? repository.name() : chart.text();
    }

    private static Optional<String> text(Map<String, ?> written, String field) {
        Object value = written.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw invalid(field, "must be a string");
    }

    private static TrebuchetException invalid(String field, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_CHART_SUBSCRIPTION, "%s %s".formatted(field, problem), Map.of("field", field));
    }
}
