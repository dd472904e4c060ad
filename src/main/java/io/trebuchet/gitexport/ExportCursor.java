package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where an exported branch stands: the newest commit written by the export, the last event it contains with that
 * event's {@link EventDigest} (absent in commits written before there was one, and when there is no event yet), and
 * the fingerprint of the settings it was rendered with.
 */
record ExportCursor(ObjectId commit, long eventId, Optional<String> eventDigest, Optional<String> renderFingerprint) {
    ExportCursor {
        requireNonNull(commit, "commit is null");
        requireNonNull(eventDigest, "eventDigest is null");
        requireNonNull(renderFingerprint, "renderFingerprint is null");
        if (eventId < 0) {
            throw new IllegalArgumentException("eventId must not be negative");
        }
    }
}
