package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Warning;
import java.time.Instant;
import java.util.List;

/**
 * Turns what the overview knows about a cell or an environment (locks with their state, an active freeze, warnings
 * including policy findings) into the notes the pages show. The overview decides what deserves a warning; this only
 * decides how each is shown.
 */
final class CellNotes {
    private CellNotes() {}

    static List<CellNote> locks(List<LockView> locks, Instant now) {
        return locks.stream().map(lock -> LockRow.of(lock, now).note()).toList();
    }

    static CellNote freeze(Freeze freeze, EnvName environment, Instant now) {
        return new CellNote(CellNote.Kind.FREEZE, BlockerText.freeze(freeze, environment, now));
    }

    static List<CellNote> warnings(List<Warning> warnings) {
        return warnings.stream().map(CellNotes::warning).toList();
    }

    static CellNote warning(Warning warning) {
        String text = warning.message().endsWith(".") ? warning.message() : warning.message() + ".";
        return switch (warning.code()) {
            case UNUSUAL_ORDER, UPSTREAM_NOT_DEPLOYED, LOCK_PAST_SUGGESTED_LIFETIME ->
                new CellNote(CellNote.Kind.WARNING, text);
            case POLICY -> new CellNote(CellNote.Kind.POLICY, "Policy " + text);
        };
    }
}
