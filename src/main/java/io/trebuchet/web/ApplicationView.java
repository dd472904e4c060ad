package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import java.util.List;
import java.util.Optional;

/**
 * The application page: where the application runs and what can be done there with the selected release, that
 * release with its manifests and their changes, the releases newest first, and the deployment history. The outcome of
 * an action is shown in the row of its environment, or as {@code notice} when that environment is not (or no longer)
 * there.
 */
record ApplicationView(
        Chrome chrome,
        AppName application,
        Optional<TeamName> team,
        Optional<Version> latestVersion,
        List<EnvironmentRow> environments,
        Optional<SelectedRelease> selected,
        List<ReleaseRow> releases,
        Optional<String> olderReleasesLink,
        List<HistoryRow> history,
        List<ImageSourceRow> imageSources,
        Optional<Message> notice) {
    ApplicationView {
        requireNonNull(chrome, "chrome is null");
        requireNonNull(application, "application is null");
        requireNonNull(team, "team is null");
        requireNonNull(latestVersion, "latestVersion is null");
        environments = List.copyOf(environments);
        requireNonNull(selected, "selected is null");
        releases = List.copyOf(releases);
        requireNonNull(olderReleasesLink, "olderReleasesLink is null");
        history = List.copyOf(history);
        imageSources = List.copyOf(imageSources);
        requireNonNull(notice, "notice is null");
    }

    String path() {
        return "/applications/" + application.value();
    }

    /** Where a form about {@code environment} posts {@code action}. */
    String actionPath(EnvName environment, String action) {
        return path() + "/environments/" + environment.value() + "/" + action;
    }

    String selectedVersion() {
        return selected.map(release -> release.version().toString()).orElse("");
    }

    /**
     * An image source of the application: what it watches, how it chooses, and what its last scan found and did
     * ({@code outcome} is the scan's error when {@code failed}).
     */
    record ImageSourceRow(
            String name,
            String image,
            String policy,
            String interval,
            Optional<String> scannedAge,
            Optional<String> scannedTime,
            Optional<String> newestTag,
            Optional<String> releasedTag,
            Optional<Version> releasedVersion,
            Optional<String> outcome,
            boolean failed) {
        ImageSourceRow {
            requireNonNull(name, "name is null");
            requireNonNull(image, "image is null");
            requireNonNull(policy, "policy is null");
            requireNonNull(interval, "interval is null");
            requireNonNull(scannedAge, "scannedAge is null");
            requireNonNull(scannedTime, "scannedTime is null");
            requireNonNull(newestTag, "newestTag is null");
            requireNonNull(releasedTag, "releasedTag is null");
            requireNonNull(releasedVersion, "releasedVersion is null");
            requireNonNull(outcome, "outcome is null");
        }
    }

    /**
     * One environment: what runs there, the version queued there, notes about it (warnings, an active freeze), the
     * locks that cover the application there, the selected release's deploy action and the remove action, and the
     * outcome of the last action a person took here: a message, or the question whether to deploy through what blocks; whether a rollback holds it
     * there, and why the person may not release the hold.
     */
    record EnvironmentRow(
            EnvName environment,
            GroupName group,
            String upstream,
            Optional<OverviewTable.Deployed> running,
            Optional<OverviewTable.Queued> queued,
            List<CellNote> notes,
            List<LockRow> locks,
            Optional<ReleaseActions.Action> deploy,
            ReleaseActions.Action remove,
            Optional<Message> message,
            Optional<Confirmation> confirmation,
            Optional<String> lockRefusal,
            Optional<String> unlockRefusal,
            boolean held,
            Optional<String> releaseHoldRefusal) {
        EnvironmentRow {
            requireNonNull(environment, "environment is null");
            requireNonNull(group, "group is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(running, "running is null");
            requireNonNull(queued, "queued is null");
            notes = List.copyOf(notes);
            locks = List.copyOf(locks);
            requireNonNull(deploy, "deploy is null");
            requireNonNull(remove, "remove is null");
            requireNonNull(message, "message is null");
            requireNonNull(confirmation, "confirmation is null");
            requireNonNull(lockRefusal, "lockRefusal is null");
            requireNonNull(unlockRefusal, "unlockRefusal is null");
            requireNonNull(releaseHoldRefusal, "releaseHoldRefusal is null");
        }
    }

    /**
     * A deploy that a lock or freeze refused, waiting for the person to confirm going through it: what blocks, in
     * plain words, and the form values to send again with {@code lockBehavior=ignore}.
     */
    record Confirmation(Version version, List<String> blockers, boolean andLock, String lockMessage) {
        Confirmation {
            requireNonNull(version, "version is null");
            blockers = List.copyOf(blockers);
            requireNonNull(lockMessage, "lockMessage is null");
        }
    }

    /** The release the actions and manifests are about. */
    record SelectedRelease(
            Version version,
            Optional<String> displayVersion,
            Optional<String> commit,
            Optional<String> author,
            Optional<String> message,
            Optional<String> ciLink,
            String age,
            String time,
            String createdBy,
            List<ManifestChanges.View> manifests) {
        SelectedRelease {
            requireNonNull(version, "version is null");
            requireNonNull(displayVersion, "displayVersion is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(author, "author is null");
            requireNonNull(message, "message is null");
            requireNonNull(ciLink, "ciLink is null");
            requireNonNull(age, "age is null");
            requireNonNull(time, "time is null");
            requireNonNull(createdBy, "createdBy is null");
            manifests = List.copyOf(manifests);
        }
    }

    /** One release in the list. */
    record ReleaseRow(
            Version version,
            Optional<String> displayVersion,
            Optional<String> commit,
            Optional<String> author,
            Optional<String> message,
            String age,
            String time,
            List<EnvName> runningIn,
            boolean selected,
            String link) {
        ReleaseRow {
            requireNonNull(version, "version is null");
            requireNonNull(displayVersion, "displayVersion is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(author, "author is null");
            requireNonNull(message, "message is null");
            requireNonNull(age, "age is null");
            requireNonNull(time, "time is null");
            runningIn = List.copyOf(runningIn);
            requireNonNull(link, "link is null");
        }

        Optional<String> shortCommit() {
            return commit.map(id -> id.length() > 8 ? id.substring(0, 8) : id);
        }

        /** The first line of the commit message: the list shows one line per release. */
        Optional<String> subject() {
            return message.map(text -> text.lines().findFirst().orElse(""));
        }
    }

    /** One entry of the deployment history. */
    record HistoryRow(String age, String time, EnvName environment, String change, String actor, String reason) {
        HistoryRow {
            requireNonNull(age, "age is null");
            requireNonNull(time, "time is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(change, "change is null");
            requireNonNull(actor, "actor is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
