package io.trebuchet.gitexport;

import java.util.Optional;

/** What the status endpoint shows of the export's progress; replaced as a whole, never changed in place. */
record ExportProgress(
        ExportStatus.State state,
        long committedEventId,
        long pushedEventId,
        Optional<ExportStatus.CommitInfo> lastCommit,
        Optional<ExportStatus.PushInfo> lastPush,
        Optional<ExportStatus.ErrorInfo> lastError,
        Optional<ExportStatus.Divergence> divergence) {
    static final ExportProgress STARTING = new ExportProgress(
            ExportStatus.State.STARTING, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** A halted export stays halted whatever else happens, until {@link #resumed}. */
    ExportProgress withState(ExportStatus.State newState) {
        ExportStatus.State kept = divergence.isPresent() ? ExportStatus.State.HALTED : newState;
        return new ExportProgress(kept, committedEventId, pushedEventId, lastCommit, lastPush, lastError, divergence);
    }

    ExportProgress withCommitted(long eventId) {
        return new ExportProgress(state, eventId, pushedEventId, lastCommit, lastPush, lastError, divergence);
    }

    ExportProgress withPushed(long eventId) {
        return new ExportProgress(state, committedEventId, eventId, lastCommit, lastPush, lastError, divergence);
    }

    ExportProgress withCommit(ExportStatus.CommitInfo commit) {
        return new ExportProgress(
                state, committedEventId, pushedEventId, Optional.of(commit), lastPush, lastError, divergence);
    }

    ExportProgress withPush(ExportStatus.PushInfo push) {
        return new ExportProgress(
                state, committedEventId, pushedEventId, lastCommit, Optional.of(push), lastError, divergence);
    }

    ExportProgress withError(ExportStatus.ErrorInfo error) {
        return new ExportProgress(
                state, committedEventId, pushedEventId, lastCommit, lastPush, Optional.of(error), divergence);
    }

    /** The last attempt succeeded: running, the last error kept with its time but no failed attempts. */
    ExportProgress recovered() {
        return new ExportProgress(
                        ExportStatus.State.RUNNING,
                        committedEventId,
                        pushedEventId,
                        lastCommit,
                        lastPush,
                        lastError.map(error -> new ExportStatus.ErrorInfo(error.message(), error.time(), 0)),
                        divergence)
                .withState(ExportStatus.State.RUNNING);
    }

    ExportProgress halted(ExportStatus.Divergence found) {
        return new ExportProgress(
                ExportStatus.State.HALTED,
                committedEventId,
                pushedEventId,
                lastCommit,
                lastPush,
                lastError,
                Optional.of(found));
    }

    ExportProgress resumed() {
        return new ExportProgress(
                ExportStatus.State.RUNNING,
                committedEventId,
                pushedEventId,
                lastCommit,
                lastPush,
                lastError,
                Optional.empty());
    }
}
