package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where an exported branch stands: the newest commit written by the export, the last event it contains, and the
 * fingerprint of the settings it was rendered with.
 */
record ExportCursor(ObjectId commit, long eventId, Optional<String> renderFingerprint) {
    ExportCursor {
        requireNonNull(commit, "commit is null");
        requireNonNull(renderFingerprint, "renderFingerprint is null");
        if (eventId < 0) {
            throw new IllegalArgumentException("eventId must not be negative");
        }
    }
}
