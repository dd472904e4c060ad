package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How far the manifest repository is behind the event log.
 *
 * @param state see {@link State}
 * @param cursorEventId the last event the remote repository contains: what Argo CD or Flux can see
 * @param committedEventId the last event the exporter has committed, pushed or not
 * @param eventsBehind events not yet in the remote repository
 * @param secondsBehind how long ago the oldest of those happened, 0 when there is none
 * @param lastError the newest failure, kept with its time after the export recovered (then with 0 failed attempts)
 * @param divergence why the export is {@link State#HALTED}, and how to resolve it
 * @param replica the replica that answers (see {@link ExportSettings#replica()})
 * @param leader the replica that runs the export now, empty while none does (between a leader's death and the
 *     takeover)
 */
public record ExportStatus(
        State state,
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
        Optional<ErrorInfo> lastError,
        Optional<Divergence> divergence,
        String replica,
        Optional<String> leader) {
    public ExportStatus {
        requireNonNull(state, "state is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(lastCommit, "lastCommit is null");
        requireNonNull(lastPush, "lastPush is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(divergence, "divergence is null");
        requireNonNull(replica, "replica is null");
        requireNonNull(leader, "leader is null");
    }

    /** What the export is doing; written in lower case in the API. */
    public enum State {
        /** Finding where the repository stands. */
        STARTING,
        /** Exporting, the last attempt succeeded. */
        RUNNING,
        /** The last attempt failed (see {@code lastError}); trying again with backoff. */
        RETRYING,
        /** Another replica runs the export. */
        STANDBY,
        /**
         * The repository holds events the store does not: exporting would move it backwards, so the export waits for
         * an operator (see {@code divergence}).
         */
        HALTED,
        /** The server is stopping or stopped. */
        STOPPED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Why the export halted: the repository's branch was exported at an event the store does not have (it lost events,
     * it was restored from an older backup, or another installation exports to the same branch).
     *
     * @param repositoryEventId the event the branch was exported at
     * @param storeEventId the store's last event when this was found
     * @param commit the branch's newest exported commit
     * @param reason what was found, in a sentence
     * @param resolution what an operator can do about it
     */
    public record Divergence(
            long repositoryEventId, long storeEventId, String commit, String reason, String resolution, Instant since) {
        public Divergence {
            requireNonNull(commit, "commit is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(resolution, "resolution is null");
            requireNonNull(since, "since is null");
        }
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
