package io.trebuchet.gitexport;

import io.trebuchet.audit.Event;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether the export may continue from a branch: only when the event the branch was exported at is the
 * store's event of that id. Otherwise exporting the store's state would move what Argo CD sees backwards, or mix two
 * histories, and the export must wait for an operator.
 */
final class DivergenceCheck {
    private DivergenceCheck() {}

    /**
     * The divergence between {@code cursor} and the store, if there is one.
     *
     * @param storeLastEventId the store's newest event id
     * @param storeEvent the store's event with the cursor's id, if it has one
     */
    static Optional<ExportStatus.Divergence> check(
            ExportCursor cursor, long storeLastEventId, Optional<Event> storeEvent, Instant now) {
        long eventId = cursor.eventId();
        if (eventId == 0) {
            return Optional.empty();
        }
        if (eventId > storeLastEventId) {
            return Optional.of(divergence(
                    cursor,
                    storeLastEventId,
                    now,
                    "the repository was exported at event %d, but the store's last event is %d: the store lost events"
                                    .formatted(eventId, storeLastEventId)
                            + " (was it restored from an older backup?), or another installation exports to this"
                            + " branch"));
        }
        if (storeEvent.isEmpty()) {
            return Optional.of(divergence(
                    cursor,
                    storeLastEventId,
                    now,
                    "the repository was exported at event %d, which the store does not have (its events skip it)"
                            .formatted(eventId)));
        }
        Optional<String> expected = cursor.eventDigest();
        String actual = EventDigest.of(storeEvent.get());
        if (expected.isPresent() && !expected.get().equals(actual)) {
            Event event = storeEvent.get();
            return Optional.of(divergence(
                    cursor,
                    storeLastEventId,
                    now,
                    ("the repository was exported at event %d, but the store's event %d (%s by %s at %s) is another"
                                    + " one: the store was restored from a backup and has taken new changes since, or"
                                    + " another installation exports to this branch")
                            .formatted(
                                    eventId,
                                    eventId,
                                    event.kind().name(),
                                    event.actor().name(),
                                    event.time())));
        }
        return Optional.empty();
    }

    private static ExportStatus.Divergence divergence(
            ExportCursor cursor, long storeLastEventId, Instant now, String reason) {
        String resolution = ("Find out which side is right before anything else. To keep what the store says, run"
                        + " `trebuchet rerender --force` (POST /api/v1/export/rerender?force=true): it renders the"
                        + " whole tree from the store as a new commit on top of the branch, and the export resumes."
                        + " To keep what the repository says, restore the store from a backup that has event %d and"
                        + " restart.")
                .formatted(cursor.eventId());
        return new ExportStatus.Divergence(
                cursor.eventId(), storeLastEventId, cursor.commit().name(), reason, resolution, now);
    }
}
