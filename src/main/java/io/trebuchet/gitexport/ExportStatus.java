package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * How far the manifest repository is behind the event log.
 *
 * @param state {@code starting}, {@code running}, {@code retrying} (the last attempt failed, see {@code lastError}),
 *     {@code standby} (another replica runs the export) or {@code stopped}
 * @param cursorEventId the last event the remote repository contains: what Argo CD or Flux can see
 * @param committedEventId the last event the exporter has committed, pushed or not
 * @param eventsBehind events not yet in the remote repository
 * @param secondsBehind how long ago the oldest of those happened, 0 when there is none
 */
public record ExportStatus(
        String state,
        String repository,
        String branch,
        ExportMode mode,
        long lastEventId,
        long cursorEventId,
        long committedEventId,
        long eventsBehind,
        double secondsBehind,
        Optional<CommitInfo> lastCommit,
        Optional<PushInfo> lastPush,
        Optional<ErrorInfo> lastError) {
    public ExportStatus {
        requireNonNull(state, "state is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(lastCommit, "lastCommit is null");
        requireNonNull(lastPush, "lastPush is null");
        requireNonNull(lastError, "lastError is null");
    }

    /** The newest commit the exporter wrote. */
    public record CommitInfo(String id, long eventId, Instant time) {
        public CommitInfo {
            requireNonNull(id, "id is null");
            requireNonNull(time, "time is null");
        }
    }

    /** The newest successful push. */
    public record PushInfo(String commit, long eventId, Instant time) {
        public PushInfo {
            requireNonNull(commit, "commit is null");
            requireNonNull(time, "time is null");
        }
    }

    /** The newest failure, with how many attempts in a row have failed (0 once one succeeded since). */
    public record ErrorInfo(String message, Instant time, int failedAttempts) {
        public ErrorInfo {
            requireNonNull(message, "message is null");
            requireNonNull(time, "time is null");
        }
    }
}
