package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.chart.ValuesDiff;
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
        Optional<Version> chosen,
        List<FindingRow> findings,
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
        requireNonNull(chosen, "chosen is null");
        findings = List.copyOf(findings);
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

    /**
     * The release the person picked from the list, for the forms to send back so that the page stays on it; empty
     * when they picked none and the page shows the newest.
     */
    String selectedVersion() {
        return chosen.map(Version::toString).orElse("");
    }

    /** One policy finding, once, with the environments where what runs breaks it. */
    record FindingRow(String text, List<EnvName> environments) {
        FindingRow {
            requireNonNull(text, "text is null");
            environments = List.copyOf(environments);
        }

        String names() {
            return String.join(", ", environments.stream().map(EnvName::value).toList());
        }

        String attribute() {
            return String.join(" ", environments.stream().map(EnvName::value).toList());
        }
    }

    /** The version a deploy button puts in place, and the button. */
    record Deploy(Version version, ReleaseActions.Action action) {
        Deploy {
            requireNonNull(version, "version is null");
            requireNonNull(action, "action is null");
        }
    }

    /** A version the picker offers, with what choosing it does ("v5", "roll back to v3"). */
    record Choice(Version version, String label) {
        Choice {
            requireNonNull(version, "version is null");
            requireNonNull(label, "label is null");
        }
    }

    /** What a person typed into a lock form that was refused, to show it again beside the reason. */
    record LockDraft(String message, String expiresIn) {
        LockDraft {
            requireNonNull(message, "message is null");
            requireNonNull(expiresIn, "expiresIn is null");
        }
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
     * One environment, one line: what runs there, the version queued there, notes about it (warnings, an active
     * freeze), the locks that cover the application there, the default deploy (the upstream's newer version, else the
     * selected release), the other versions to pick from, the remove action, and the outcome of the last action a
     * person took here: a message, or the question whether to deploy through what blocks, and what they typed into a
     * refused lock form; whether a rollback holds it there, and why the person may not release the hold.
     */
    record EnvironmentRow(
            EnvName environment,
            GroupName group,
            String upstream,
            Optional<OverviewTable.Deployed> running,
            Optional<OverviewTable.Queued> queued,
            List<CellNote> notes,
            List<LockRow> locks,
            Optional<Deploy> deploy,
            List<Choice> choices,
            boolean mayDeploy,
            ReleaseActions.Action remove,
            Optional<Message> message,
            Optional<Confirmation> confirmation,
            Optional<String> lockRefusal,
            Optional<String> unlockRefusal,
            boolean held,
            Optional<String> releaseHoldRefusal,
            Optional<LockDraft> lockDraft) {
        EnvironmentRow {
            requireNonNull(environment, "environment is null");
            requireNonNull(group, "group is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(running, "running is null");
            requireNonNull(queued, "queued is null");
            notes = List.copyOf(notes);
            locks = List.copyOf(locks);
            requireNonNull(deploy, "deploy is null");
            choices = List.copyOf(choices);
            requireNonNull(remove, "remove is null");
            requireNonNull(message, "message is null");
            requireNonNull(confirmation, "confirmation is null");
            requireNonNull(lockRefusal, "lockRefusal is null");
            requireNonNull(unlockRefusal, "unlockRefusal is null");
            requireNonNull(releaseHoldRefusal, "releaseHoldRefusal is null");
            requireNonNull(lockDraft, "lockDraft is null");
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
            List<ManifestChanges.Group> manifests,
            Optional<ChartPanel> chart) {
        SelectedRelease {
            requireNonNull(chart, "chart is null");
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

    /**
     * The chart a release was rendered from, and how its merged values differ from those of the release before it
     * ({@code comparedWith}, when that was rendered from a chart too), grouped by environments with the same changes.
     */
    record ChartPanel(
            String reference,
            String chart,
            Optional<String> appVersion,
            String digest,
            Optional<Version> comparedWith,
            List<ValuesGroup> values) {
        ChartPanel {
            requireNonNull(reference, "reference is null");
            requireNonNull(chart, "chart is null");
            requireNonNull(appVersion, "appVersion is null");
            requireNonNull(digest, "digest is null");
            requireNonNull(comparedWith, "comparedWith is null");
            values = List.copyOf(values);
        }

        /** The digest as people compare it: its first 12 hexadecimal digits. */
        String shortDigest() {
            String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
            return hex.length() > 12 ? hex.substring(0, 12) : hex;
        }
    }

    /** Environments whose values changed in the same way. */
    record ValuesGroup(List<EnvName> environments, List<ValuesDiff.Change> changes) {
        ValuesGroup {
            environments = List.copyOf(environments);
            changes = List.copyOf(changes);
        }

        String names() {
            return String.join(", ", environments.stream().map(EnvName::value).toList());
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
            String link,
            Optional<String> chart) {
        ReleaseRow {
            requireNonNull(chart, "chart is null");
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
