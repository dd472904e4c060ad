package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * What the last scan of a source found and did: when it ran and when the next is due, its error if it failed, the
 * tag list's ETag, the newest candidate and its digest, the tag last released and the release's version, and why the
 * newest candidate was or was not released (its {@code outcome}).
 */
public record ScanState(
        Optional<Instant> scannedAt,
        Instant nextScanAt,
        Optional<String> lastError,
        Optional<String> tagsEtag,
        Optional<String> newestTag,
        Optional<String> newestDigest,
        Optional<String> releasedTag,
        Optional<Version> releasedVersion,
        Optional<String> outcome) {
    public ScanState {
        requireNonNull(scannedAt, "scannedAt is null");
        requireNonNull(nextScanAt, "nextScanAt is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(tagsEtag, "tagsEtag is null");
        requireNonNull(newestTag, "newestTag is null");
        requireNonNull(newestDigest, "newestDigest is null");
        requireNonNull(releasedTag, "releasedTag is null");
        requireNonNull(releasedVersion, "releasedVersion is null");
        requireNonNull(outcome, "outcome is null");
    }

    static ScanState due(Instant now) {
        return new ScanState(
                Optional.empty(),
                now,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
