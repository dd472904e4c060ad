package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockSchedule;
import io.trebuchet.lock.LockState;
import io.trebuchet.lock.LockView;
import io.trebuchet.schedule.Durations;
import java.time.Instant;
import java.util.Optional;

/**
 * A lock as the pages show it: what it covers, who put it there when and why, whether it stops automation now and
 * until when, in words, and the whole of it as one sentence for a tooltip or a screen reader.
 */
record LockRow(
        LockKind kind,
        EnvName environment,
        Optional<AppName> application,
        Optional<TeamName> team,
        Optional<GroupName> group,
        LockId id,
        String message,
        String author,
        String authorEmail,
        String created,
        String createdTime,
        Optional<String> ciLink,
        LockState state,
        String stateText,
        String expiry,
        Optional<String> expiryTime,
        Optional<String> suggestedLifetime,
        boolean pastSuggestedLifetime,
        Optional<String> schedule,
        String sentence) {
    LockRow {
        requireNonNull(kind, "kind is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
        requireNonNull(team, "team is null");
        requireNonNull(group, "group is null");
        requireNonNull(id, "id is null");
        requireNonNull(message, "message is null");
        requireNonNull(author, "author is null");
        requireNonNull(authorEmail, "authorEmail is null");
        requireNonNull(created, "created is null");
        requireNonNull(createdTime, "createdTime is null");
        requireNonNull(ciLink, "ciLink is null");
        requireNonNull(state, "state is null");
        requireNonNull(stateText, "stateText is null");
        requireNonNull(expiry, "expiry is null");
        requireNonNull(expiryTime, "expiryTime is null");
        requireNonNull(suggestedLifetime, "suggestedLifetime is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(sentence, "sentence is null");
    }

    static LockRow of(LockView view, Instant now) {
        Lock lock = view.lock();
        String state = stateText(view, now);
        String expiry = lock.expiresAt().map(at -> Age.relative(at, now)).orElse("never");
        StringBuilder sentence = new StringBuilder()
                .append(kindLabel(lock.kind()))
                .append(" lock '")
                .append(lock.id())
                .append("' on ")
                .append(subject(lock))
                .append(lock.group().map(group -> " (for group " + group + ")").orElse(""))
                .append(" by ")
                .append(lock.author().name())
                .append(", ")
                .append(Age.since(lock.createdAt(), now))
                .append(": “")
                .append(lock.message())
                .append("”. ")
                .append(capitalized(state))
                .append(lock.expiresAt().isPresent() && view.state() != LockState.EXPIRED ? "; expires " + expiry : "")
                .append('.');
        if (view.pastSuggestedLifetime()) {
            sentence.append(" It has outlived its suggested lifetime of ")
                    .append(lock.suggestedLifetime().map(Durations::format).orElse("?"))
                    .append('.');
        }
        return new LockRow(
                lock.kind(),
                lock.environment(),
                lock.application(),
                lock.team(),
                lock.group(),
                lock.id(),
                lock.message(),
                lock.author().name(),
                lock.author().email(),
                Age.since(lock.createdAt(), now),
                Age.time(lock.createdAt()),
                lock.ciLink().filter(link -> link.startsWith("https://") || link.startsWith("http://")),
                view.state(),
                state,
                expiry,
                lock.expiresAt().map(Age::time),
                lock.suggestedLifetime().map(Durations::format),
                view.pastSuggestedLifetime(),
                lock.schedule().map(LockRow::scheduleText),
                sentence.toString());
    }

    /** "Environment", "Application" or "Team". */
    static String kindLabel(LockKind kind) {
        return switch (kind) {
            case ENVIRONMENT -> "Environment";
            case APPLICATION -> "Application";
            case TEAM -> "Team";
        };
    }

    /** What the lock covers, in words: "staging", "cart in staging", "team payments in staging". */
    static String subject(Lock lock) {
        return switch (lock.kind()) {
            case ENVIRONMENT -> lock.environment().value();
            case APPLICATION -> lock.application().orElseThrow() + " in " + lock.environment();
            case TEAM -> "team " + lock.team().orElseThrow() + " in " + lock.environment();
        };
    }

    private static String stateText(LockView view, Instant now) {
        return switch (view.state()) {
            case ACTIVE -> "active";
            case EXPIRED ->
                "expired "
                        + view.lock().expiresAt().map(at -> Age.since(at, now)).orElse("")
                        + ", no longer blocks";
            case DORMANT ->
                "dormant"
                        + view.lock()
                                .schedule()
                                .flatMap(schedule -> schedule.window().nextOpening(now))
                                .map(at -> ", applies again " + Age.relative(at, now) + " (" + Age.time(at) + ")")
                                .orElse(", outside its window");
        };
    }

    private static String scheduleText(LockSchedule schedule) {
        return "%s for %s (%s)"
                .formatted(
                        schedule.schedule(),
                        schedule.duration(),
                        schedule.timeZone().orElse("UTC"));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The lock as a note beside a version or an environment's name. */
    CellNote note() {
        return new CellNote(state == LockState.ACTIVE ? CellNote.Kind.LOCK : CellNote.Kind.LOCK_INACTIVE, sentence);
    }

    /** The label of the kind, in lower case, as the API and the forms spell it. */
    String kindValue() {
        return kind.label();
    }

    /** The application or team the lock covers; empty for an environment lock. */
    String scope() {
        return application
                .map(AppName::value)
                .or(() -> team.map(TeamName::value))
                .orElse("");
    }

    /** What the lock covers, in words. */
    String covers() {
        return switch (kind) {
            case ENVIRONMENT -> "whole environment";
            case APPLICATION -> application.orElseThrow().value();
            case TEAM -> "team " + team.orElseThrow().value();
        };
    }

    boolean active() {
        return state == LockState.ACTIVE;
    }

    /** A key unique among all locks, for element ids and test hooks. */
    String key() {
        return kind.label() + "/" + environment + "/" + scope() + "/" + id;
    }
}
