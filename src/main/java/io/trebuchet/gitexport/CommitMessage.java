package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Writes commit messages: a subject that says what changed, one line per event (the first {@value
 * BatchSummary#MAX_LISTED}), and trailers: {@code Trebuchet-Event} (the last event the commit contains, the cursor a
 * restart resumes from), {@code Trebuchet-Event-Digest} (that event's {@link EventDigest}, to recognise it),
 * {@code Trebuchet-Render} (the render settings' fingerprint) and, when several people's changes share the commit, one
 * {@code Co-authored-by} per person.
 */
final class CommitMessage {
    /** Enough for a person to review; the rest is counted. */
    static final int MAX_REMOVED_LISTED = 500;

    private CommitMessage() {}

    /** The message of a commit that exports the events of {@code batch}. */
    static String forBatch(BatchSummary batch, Cursor cursor, String renderFingerprint) {
        List<Event> listed = batch.listed();
        String subject = listed.size() == 1 && batch.eventCount() == 1
                ? describe(listed.getFirst())
                : "Export %d events (%s)".formatted(batch.eventCount(), counts(batch.counts()));
        StringBuilder message = new StringBuilder(subject).append("\n\n");
        for (Event event : listed) {
            message.append("- #")
                    .append(event.id())
                    .append(' ')
                    .append(describe(event))
                    .append(" (")
                    .append(event.actor().name())
                    .append(")\n");
        }
        if (batch.eventCount() > listed.size()) {
            message.append("- and ").append(batch.eventCount() - listed.size()).append(" more events\n");
        }
        message.append('\n');
        trailers(message, cursor, renderFingerprint);
        if (batch.soleActor().isEmpty()) {
            for (Actor actor : batch.actors()) {
                message.append("Co-authored-by: ")
                        .append(actor.name())
                        .append(" <")
                        .append(actor.email())
                        .append(">\n");
            }
        }
        return message.toString();
    }

    /** The message of a commit that renders the whole tree again. */
    static String forFullRender(String reason, Cursor cursor, String renderFingerprint) {
        return forFullRender(reason, cursor, renderFingerprint, List.of());
    }

    /**
     * The message of a commit that renders the whole tree again, listing {@code removed}: what the first export
     * removes of a layout written before it (Kuberpult's locks, version links, queued versions), so that the people
     * reviewing the history see what the export took away, not only what it wrote.
     */
    static String forFullRender(String reason, Cursor cursor, String renderFingerprint, List<String> removed) {
        StringBuilder message = new StringBuilder("Render the whole tree at event ")
                .append(cursor.eventId())
                .append("\n\n")
                .append(reason)
                .append("\n\n");
        if (!removed.isEmpty()) {
            message.append("Removes ")
                    .append(removed.size())
                    .append(removed.size() == 1 ? " path" : " paths")
                    .append(" of the layout the branch had before its first export (a directory ends in /):\n");
            removed.stream()
                    .limit(MAX_REMOVED_LISTED)
                    .forEach(path -> message.append("- ").append(path).append('\n'));
            if (removed.size() > MAX_REMOVED_LISTED) {
                message.append("- and ")
                        .append(removed.size() - MAX_REMOVED_LISTED)
                        .append(" more\n");
            }
            message.append('\n');
        }
        trailers(message, cursor, renderFingerprint);
        return message.toString();
    }

    /**
     * What of {@code before} the {@code changes} remove and do not write again, a directory that goes entirely named
     * once (ending in {@code /}) rather than file by file.
     */
    static List<String> removed(SortedSet<String> before, TreeChanges changes) {
        SortedSet<String> after = new TreeSet<>();
        for (String path : before) {
            if (!deleted(path, changes.deletes()) || changes.writes().containsKey(path)) {
                after.add(path);
            }
        }
        after.addAll(changes.writes().keySet());
        Set<String> directoriesAfter = new HashSet<>();
        for (String path : after) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                directoriesAfter.add(path.substring(0, slash + 1));
            }
        }
        SortedSet<String> removed = new TreeSet<>();
        for (String path : before) {
            if (after.contains(path)) {
                continue;
            }
            String listed = path;
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String directory = path.substring(0, slash + 1);
                if (!directoriesAfter.contains(directory)) {
                    listed = directory;
                    break;
                }
            }
            removed.add(listed);
        }
        return List.copyOf(removed);
    }

    private static boolean deleted(String path, SortedSet<String> deletes) {
        for (String delete : deletes) {
            if (path.equals(delete) || path.startsWith(delete + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The last event a commit contains, with its digest (empty only when the store has no event yet). */
    record Cursor(long eventId, Optional<String> eventDigest) {
        Cursor {
            requireNonNull(eventDigest, "eventDigest is null");
        }

        static Cursor of(Optional<Event> event) {
            return event.map(last -> new Cursor(last.id(), Optional.of(EventDigest.of(last))))
                    .orElseGet(() -> new Cursor(0, Optional.empty()));
        }
    }

    private static void trailers(StringBuilder message, Cursor cursor, String renderFingerprint) {
        message.append(ManifestRepository.EVENT_TRAILER)
                .append(": ")
                .append(cursor.eventId())
                .append('\n');
        cursor.eventDigest()
                .ifPresent(digest -> message.append(ManifestRepository.EVENT_DIGEST_TRAILER)
                        .append(": ")
                        .append(digest)
                        .append('\n'));
        message.append(ManifestRepository.RENDER_TRAILER)
                .append(": ")
                .append(renderFingerprint)
                .append('\n');
    }

    private static String counts(Map<EventKind, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, count) ->
                parts.add(count + " " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return String.join(", ", parts);
    }

    /** One line saying what an event changed. */
    static String describe(Event event) {
        String application = event.application().map(Object::toString).orElse("?");
        String environment = event.environment().map(Object::toString).orElse("?");
        return switch (event.payload()) {
            case EventPayload.EnvironmentChanged ignored -> verb(event.kind()) + " environment " + environment;
            case EventPayload.ApplicationChanged changed ->
                verb(event.kind()) + " application " + application
                        + changed.team().map(team -> " (team " + team + ")").orElse("");
            case EventPayload.ApplicationDeleted ignored -> "Delete application " + application;
            case EventPayload.ReleaseCreated created ->
                "Release " + application + " " + created.version().value();
            case EventPayload.Deployed deployed ->
                "Deploy %s %s to %s (%s)"
                        .formatted(application, deployed.version().value(), environment, deployed.reason());
            case EventPayload.Removed ignored -> "Remove %s from %s".formatted(application, environment);
            case EventPayload.ReleaseTrain train ->
                "Release train %s into %s: %d deployed"
                        .formatted(
                                train.trainId(), environment, train.deployed().size());
            case EventPayload.DeploymentQueued queued ->
                "Queue %s %s in %s".formatted(application, queued.version().value(), environment);
            case EventPayload.StackChanged stack -> "%s stack %s".formatted(pastTense(event.kind()), stack.stack());
            case EventPayload.PlatformValuesUpdated ignored -> "Update platform values";
            case EventPayload.ExportDiverged diverged ->
                "The repository is at event %d, the store at %d"
                        .formatted(diverged.repositoryEventId(), diverged.storeEventId());
            case EventPayload.ExportForced forced ->
                "Render over the repository at event %d".formatted(forced.repositoryEventId());
            case EventPayload.TokenChanged token -> verb(event.kind()) + " API token " + token.name();
            case EventPayload.HoldChanged hold ->
                (event.kind() == EventKind.HOLD_PLACED ? "Hold %s at %s in %s" : "Release the hold of %s at %s in %s")
                        .formatted(application, hold.version().value(), environment);
            case EventPayload.LockChanged lock ->
                "%s %s lock %s in %s".formatted(pastTense(event.kind()), lock.kind(), lock.id(), environment);
        };
    }

    /** "Create", "Update" or "Delete" for an event kind named so. */
    private static String verb(EventKind kind) {
        String past = pastTense(kind);
        return Character.toUpperCase(past.charAt(0)) + past.substring(1, past.length() - 1);
    }

    /** "created", "updated" or "deleted" for an event kind named so. */
    private static String pastTense(EventKind kind) {
        String name = kind.name();
        return name.substring(name.lastIndexOf('_') + 1).toLowerCase(Locale.ROOT);
    }
}
