package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact chart version, semantic versioning 2 as Helm requires ({@code 1.4.2}, {@code 0.3.0-dev.7}, {@code
 * 2.0.0+build.5}); ranges are not versions, so they are refused.
 */
public record ChartVersion(int major, int minor, int patch, Optional<String> preRelease, String text) {
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
            + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final int MAX_LENGTH = 128;

    public ChartVersion {
        requireNonNull(preRelease, "preRelease is null");
        requireNonNull(text, "text is null");
    }

    public static ChartVersion parse(String text) {
        requireNonNull(text, "text is null");
        Matcher matcher = SEMVER.matcher(text);
        if (text.length() > MAX_LENGTH || !matcher.matches()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "chart version '%s' is not an exact semantic version such as 1.4.2 or 0.3.0-dev.7"
                            .formatted(text.length() > 64 ? text.substring(0, 61) + "..." : text),
                    Map.of("field", "chart_version"));
        }
        return new ChartVersion(
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)),
                Optional.ofNullable(matcher.group(4)),
                text);
    }

    /** The exact version {@code text} names, or empty when it names none (a tag such as {@code latest}). */
    public static Optional<ChartVersion> read(String text) {
        requireNonNull(text, "text is null");
        if (text.length() > MAX_LENGTH || !SEMVER.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(parse(text));
    }

    /** Whether this is a version for preprod and production: 1.0.0 or more, and no pre-release. */
    public boolean stable() {
        return major >= 1 && preRelease.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
