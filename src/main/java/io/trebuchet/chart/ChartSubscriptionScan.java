package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the last scan of a chart subscription found and did: when it ran and when the next is due, its error if it
 * failed, the newest version in range, the chart version released last and the release's version, and why the newest
 * was or was not released ({@code outcome}).
 */
public record ChartSubscriptionScan(
        Optional<Instant> scannedAt,
        Instant nextScanAt,
        Optional<String> lastError,
        Optional<String> newestChartVersion,
        Optional<String> releasedChartVersion,
        Optional<Version> releasedVersion,
        Optional<String> outcome) {
    public ChartSubscriptionScan {
        requireNonNull(scannedAt, "scannedAt is null");
        requireNonNull(nextScanAt, "nextScanAt is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(newestChartVersion, "newestChartVersion is null");
        requireNonNull(releasedChartVersion, "releasedChartVersion is null");
        requireNonNull(releasedVersion, "releasedVersion is null");
        requireNonNull(outcome, "outcome is null");
    }

    /** This state after a failed scan at {@code now}: the error, and nothing else changed. */
    ChartSubscriptionScan failed(Instant now, Instant next, String error) {
        return new ChartSubscriptionScan(
                Optional.of(now),
                next,
                Optional.of(error),
                newestChartVersion,
                releasedChartVersion,
                releasedVersion,
                outcome);
    }

    Map<String, Object> toMap() {
        Map<String, Object> scan = new LinkedHashMap<>();
        scannedAt.ifPresent(time -> scan.put("scannedAt", time.toString()));
        scan.put("nextScanAt", nextScanAt.toString());
        lastError.ifPresent(error -> scan.put("lastError", error));
        newestChartVersion.ifPresent(version -> scan.put("newestChartVersion", version));
        releasedChartVersion.ifPresent(version -> scan.put("releasedChartVersion", version));
        releasedVersion.ifPresent(version -> scan.put("releasedVersion", version.value()));
        outcome.ifPresent(text -> scan.put("outcome", text));
        return scan;
    }
}
