package io.trebuchet.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.core.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An event as one sentence a person reads in the history ("Sofia Rossi deployed wallet v7 (was v4) to prod-de"), and
 * each kind of event in words. The switch over kinds has no default, so that a new kind is decided here: it gets a
 * sentence or reads as {@link EventSummary}'s generic summary, which shows any payload.
 */
final class EventSentences {
    private EventSentences() {}

    /** The sentence for an event, or the generic summary of its payload when its kind has none. */
    static String of(Event event) {
        return sentence(event).orElseGet(() -> EventSummary.of(Json.mapper().valueToTree(event.payload())));
    }

    /** The sentence for an event; empty when its kind has none or the event lacks what the sentence names. */
    static Optional<String> sentence(Event event) {
        String actor = event.actor().name();
        Optional<String> application = event.application().map(AppName::value);
        Optional<String> environment = event.environment().map(EnvName::value);
        return switch (event.kind()) {
            case ENVIRONMENT_CREATED ->
                payload(event, EventPayload.EnvironmentChanged.class)
                        .flatMap(changed -> environment.map(name ->
                                "%s created environment %s%s".formatted(actor, name, feeding(changed.config()))));
            case ENVIRONMENT_UPDATED ->
                payload(event, EventPayload.EnvironmentChanged.class)
                        .flatMap(changed -> environment.map(
                                name -> "%s changed environment %s%s".formatted(actor, name, configChanges(changed))));
            case ENVIRONMENT_DELETED -> environment.map(name -> "%s deleted environment %s".formatted(actor, name));
            case APPLICATION_CREATED ->
                payload(event, EventPayload.ApplicationChanged.class)
                        .flatMap(changed -> application.map(
                                name -> "%s created application %s%s".formatted(actor, name, teamAndStack(changed))));
            case APPLICATION_UPDATED ->
                payload(event, EventPayload.ApplicationChanged.class)
                        .flatMap(changed -> application.map(name ->
                                "%s changed application %s%s".formatted(actor, name, applicationChanges(changed))));
            case APPLICATION_DELETED ->
                payload(event, EventPayload.ApplicationDeleted.class)
                        .flatMap(deleted -> application.map(name -> "%s archived application %s (%s kept)"
                                .formatted(actor, name, count(deleted.releasesKept(), "release"))));
            case RELEASE_CREATED ->
                payload(event, EventPayload.ReleaseCreated.class)
                        .flatMap(created -> application.map(name -> "%s created release %s of %s%s%s"
                                .formatted(
                                        actor,
                                        created.version(),
                                        name,
                                        created.displayVersion()
                                                .map(display -> " (" + display + ")")
                                                .orElse(""),
                                        created.environments().isEmpty()
                                                ? ""
                                                : " for " + names(created.environments()))));
            case DEPLOYED ->
                payload(event, EventPayload.Deployed.class)
                        .flatMap(deployed -> both(application, environment)
                                .map(where -> deployed(actor, where.application(), where.environment(), deployed)));
            case REMOVED ->
                payload(event, EventPayload.Removed.class)
                        .flatMap(removed -> both(application, environment)
                                .map(where -> "%s removed %s v%s from %s"
                                        .formatted(
                                                actor,
                                                where.application(),
                                                removed.previousVersion(),
                                                where.environment())));
            case DEPLOYMENT_QUEUED ->
                payload(event, EventPayload.DeploymentQueued.class)
                        .flatMap(queued -> both(application, environment)
                                .map(where -> "%s v%s waits to be deployed to %s (%s)%s"
                                        .formatted(
                                                where.application(),
                                                queued.version(),
                                                where.environment(),
                                                how(queued.reason(), actor),
                                                queued.blockedBy().isEmpty()
                                                        ? ""
                                                        : ". What stops it: " + blockers(queued.blockedBy()))));
            case LOCK_CREATED ->
                payload(event, EventPayload.LockChanged.class)
                        .flatMap(lock -> environment.map(name -> "%s locked %s%s: %s"
                                .formatted(
                                        actor,
                                        lockSubject(lock, application, name),
                                        lockDetails(lock),
                                        lock.message())));
            case LOCK_UPDATED ->
                payload(event, EventPayload.LockChanged.class)
                        .flatMap(lock -> environment.map(name -> "%s changed the lock '%s' on %s%s: %s"
                                .formatted(
                                        actor,
                                        lock.id(),
                                        lockSubject(lock, application, name),
                                        lockDetails(lock),
                                        lock.message())));
            case LOCK_DELETED ->
                payload(event, EventPayload.LockChanged.class)
                        .flatMap(lock -> environment.map(name -> "%s unlocked %s (lock '%s': %s)"
                                .formatted(actor, lockSubject(lock, application, name), lock.id(), lock.message())));
            case HOLD_PLACED ->
                payload(event, EventPayload.HoldChanged.class)
                        .flatMap(hold -> both(application, environment)
                                .map(where -> "%s holds %s at v%s in %s against automation: %s"
                                        .formatted(
                                                actor,
                                                where.application(),
                                                hold.version(),
                                                where.environment(),
                                                hold.reason())));
            case HOLD_RELEASED ->
                payload(event, EventPayload.HoldChanged.class)
                        .flatMap(hold -> both(application, environment)
                                .map(where -> "%s released the hold on %s v%s in %s: %s"
                                        .formatted(
                                                actor,
                                                where.application(),
                                                hold.version(),
                                                where.environment(),
                                                hold.reason())));
            case RELEASE_TRAIN ->
                payload(event, EventPayload.ReleaseTrain.class)
                        .flatMap(train -> environment.map(name -> train(actor, name, train)));
            case STACK_CREATED ->
                payload(event, EventPayload.StackChanged.class)
                        .map(stack -> "%s created stack %s".formatted(actor, stack.stack()));
            case STACK_UPDATED ->
                payload(event, EventPayload.StackChanged.class)
                        .map(stack -> "%s changed stack %s".formatted(actor, stack.stack()));
            case STACK_DELETED ->
                payload(event, EventPayload.StackChanged.class)
                        .map(stack -> "%s deleted stack %s".formatted(actor, stack.stack()));
            case PLATFORM_VALUES_UPDATED ->
                payload(event, EventPayload.PlatformValuesUpdated.class)
                        .map(values -> "%s changed the platform values (%s)"
                                .formatted(actor, fieldList(fields(values.values()))));
            case EXPORT_DIVERGED ->
                payload(event, EventPayload.ExportDiverged.class)
                        .map(diverged -> ("The git export diverged: the repository is at event %d, the store at %d;"
                                        + " the events between are skipped: %s")
                                .formatted(diverged.repositoryEventId(), diverged.storeEventId(), diverged.reason()));
            case EXPORT_FORCED ->
                payload(event, EventPayload.ExportForced.class)
                        .map(forced -> "%s rendered the store over the halted export (event %d, commit %s): %s"
                                .formatted(
                                        actor,
                                        forced.storeEventId(),
                                        forced.commit()
                                                .substring(
                                                        0,
                                                        Math.min(
                                                                7,
                                                                forced.commit().length())),
                                        forced.reason()));
            case TOKEN_CREATED ->
                payload(event, EventPayload.TokenChanged.class)
                        .map(token -> "%s created the API token %s (%s%s)"
                                .formatted(
                                        actor,
                                        token.name(),
                                        token.roles().isEmpty() ? "no role" : String.join(", ", token.roles()),
                                        token.teams()
                                                .map(teams -> teams.isEmpty() ? "" : " for " + String.join(", ", teams))
                                                .orElse("")));
            case TOKEN_REVOKED ->
                payload(event, EventPayload.TokenChanged.class)
                        .map(token -> "%s revoked the API token %s".formatted(actor, token.name()));
        };
    }

    /** A kind of event in words, as the filter and the table show it. */
    static String kind(EventKind kind) {
        return switch (kind) {
            case ENVIRONMENT_CREATED -> "Environment created";
            case ENVIRONMENT_UPDATED -> "Environment changed";
            case ENVIRONMENT_DELETED -> "Environment deleted";
            case APPLICATION_CREATED -> "Application created";
            case APPLICATION_UPDATED -> "Application changed";
            case APPLICATION_DELETED -> "Application archived";
            case RELEASE_CREATED -> "Release created";
            case DEPLOYED -> "Deployed";
            case REMOVED -> "Removed";
            case DEPLOYMENT_QUEUED -> "Deploy queued";
            case LOCK_CREATED -> "Locked";
            case LOCK_UPDATED -> "Lock changed";
            case LOCK_DELETED -> "Unlocked";
            case HOLD_PLACED -> "Hold placed";
            case HOLD_RELEASED -> "Hold released";
            case RELEASE_TRAIN -> "Release train";
            case STACK_CREATED -> "Stack created";
            case STACK_UPDATED -> "Stack changed";
            case STACK_DELETED -> "Stack deleted";
            case PLATFORM_VALUES_UPDATED -> "Platform values changed";
            case EXPORT_DIVERGED -> "Export diverged";
            case EXPORT_FORCED -> "Export forced";
            case TOKEN_CREATED -> "API token created";
            case TOKEN_REVOKED -> "API token revoked";
        };
    }

    /** The application and environment an event is about, when it names both. */
    private record Where(String application, String environment) {}

    private static Optional<Where> both(Optional<String> application, Optional<String> environment) {
        return application.flatMap(app -> environment.map(env -> new Where(app, env)));
    }

    /** The payload as its kind's record; empty for a payload of another type, which then reads generically. */
    private static <T extends EventPayload> Optional<T> payload(Event event, Class<T> type) {
        return type.isInstance(event.payload()) ? Optional.of(type.cast(event.payload())) : Optional.empty();
    }

    private static String deployed(String actor, String application, String environment, EventPayload.Deployed event) {
        boolean rollback = event.previousVersion()
                .filter(previous -> previous.isNewerThan(event.version()))
                .isPresent();
        String was = event.previousVersion()
                .map(previous -> " (was v" + previous + ")")
                .orElse("");
        String sentence = rollback
                ? "%s rolled %s back to v%s%s in %s".formatted(actor, application, event.version(), was, environment)
                : "%s deployed %s v%s%s to %s".formatted(actor, application, event.version(), was, environment);
        String how = ReasonWords.parse(event.reason())
                .map(reason -> switch (reason) {
                    case MANUAL -> "";
                    case AUTO -> ", automatically";
                    case TRAIN ->
                        " by release train"
                                + event.trainId().map(id -> " " + id).orElse("");
                    case IMAGE_POLICY -> " by image automation";
                })
                .orElse(" " + ReasonWords.how(event.reason()));
        int blockers = event.ignoredBlockers().size();
        String through = blockers == 0
                ? ""
                : (blockers == 1 ? " through a lock or freeze. " : " through %d locks or freezes. ".formatted(blockers))
                        + blockers(event.ignoredBlockers());
        return sentence + how + through;
    }

    /** Blockers as the deploy service stored them ("ENVIRONMENT_LOCKED: …"), as sentences without their codes. */
    private static String blockers(List<String> stored) {
        return String.join(" ", stored.stream().map(BlockerText::stored).toList());
    }

    /** How a queued version came to be wanted: a person's deploy, automation, a train. */
    private static String how(String reason, String actor) {
        return ReasonWords.parse(reason)
                .map(known -> switch (known) {
                    case MANUAL -> "deployed by " + actor;
                    case AUTO -> "automatic";
                    case TRAIN -> "release train";
                    case IMAGE_POLICY -> "image automation";
                })
                .orElse("queued " + ReasonWords.how(reason));
    }

    private static String train(String actor, String environment, EventPayload.ReleaseTrain train) {
        StringBuilder sentence =
                new StringBuilder(actor).append(" ran a release train into ").append(environment);
        train.upstream()
                .ifPresent(upstream ->
                        sentence.append(upstream.equals("latest") ? " from the latest releases" : " from " + upstream));
        List<String> filter = new ArrayList<>();
        train.team().ifPresent(team -> filter.add("team " + team));
        train.stack().ifPresent(stack -> filter.add("stack " + stack));
        if (!filter.isEmpty()) {
            sentence.append(" for ").append(String.join(", ", filter));
        }
        if (train.skipped().isPresent()
                && train.deployed().isEmpty()
                && train.queued().isEmpty()) {
            sentence.append(": skipped ")
                    .append(environment)
                    .append(train.message()
                            .map(message -> " (" + Age.times(message) + ")")
                            .orElse(""));
            return sentence.toString();
        }
        List<String> outcome = new ArrayList<>();
        outcome.add("deployed " + entries(train.deployed()));
        if (!train.queued().isEmpty()) {
            outcome.add("queued " + entries(train.queued()));
        }
        outcome.add("left " + train.skippedApplications().size() + " as they were");
        return sentence.append(": ").append(String.join(", ", outcome)).toString();
    }

    /** Train entries as "cart v3, search v8 (rollback from v9)", or "nothing"; long lists are counted. */
    private static String entries(List<EventPayload.TrainEntry> entries) {
        if (entries.isEmpty()) {
            return "nothing";
        }
        if (entries.size() > 3) {
            return entries.size() + " applications";
        }
        List<String> names = new ArrayList<>();
        for (EventPayload.TrainEntry entry : entries) {
            String text = entry.application().value()
                    + entry.version().map(version -> " v" + version).orElse("");
            Optional<Version> previous = entry.previousVersion();
            if (previous.isPresent()
                    && entry.version().isPresent()
                    && previous.get().isNewerThan(entry.version().get())) {
                text += " (a rollback from v" + previous.get() + ")";
            }
            names.add(text);
        }
        return String.join(", ", names);
    }

    private static String lockSubject(EventPayload.LockChanged lock, Optional<String> application, String environment) {
        return switch (lock.kind()) {
            case "application" ->
                application.map(name -> name + " in " + environment).orElse(environment);
            case "team" ->
                lock.team().map(team -> "team " + team + " in " + environment).orElse(environment);
            default -> environment;
        };
    }

    private static String lockDetails(EventPayload.LockChanged lock) {
        StringBuilder details = new StringBuilder();
        lock.group().ifPresent(group -> details.append(" (group ").append(group).append(')'));
        lock.expiresAt().ifPresent(at -> details.append(" until ").append(Age.minute(at)));
        if (lock.schedule().isPresent()) {
            details.append(" on a schedule");
        }
        return details.toString();
    }

    /** ", fed by dev" / ", which gets every new release", from an environment config's upstream. */
    private static String feeding(JsonNode config) {
        JsonNode upstream = config.path("upstream");
        String group = config.path("environmentGroup").isTextual()
                ? " in group " + config.path("environmentGroup").asText()
                : "";
        if (upstream.path("environment").isTextual()) {
            return group + ", fed by " + upstream.path("environment").asText();
        }
        if (upstream.path("latest").asBoolean(false)) {
            return group + ", which gets every new release";
        }
        return group;
    }

    /** ": freeze windows, upstream" — which settings changed, in words; empty when the event does not say. */
    private static String configChanges(EventPayload.EnvironmentChanged changed) {
        if (changed.previousConfig().isEmpty()) {
            return "";
        }
        JsonNode before = changed.previousConfig().get();
        JsonNode after = changed.config();
        TreeSet<String> names = new TreeSet<>(fields(after));
        names.addAll(fields(before));
        List<String> differ = names.stream()
                .filter(name -> !before.path(name).equals(after.path(name)))
                .map(EventSentences::setting)
                .distinct()
                .toList();
        return differ.isEmpty() ? "" : ": " + String.join(", ", differ);
    }

    private static String setting(String field) {
        return switch (field) {
            case "upstream" -> "upstream";
            case "environmentGroup" -> "group";
            case "argocd", "argoConfigs" -> "Argo CD settings";
            case "freezeWindows" -> "freeze windows";
            case "releaseTrains" -> "train schedules";
            case "policies" -> "policies";
            case "values" -> "values";
            case "allowPrereleaseCharts" -> "pre-release charts";
            default -> field;
        };
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            names.add(field.getKey());
        }
        return names;
    }

    private static String fieldList(List<String> fields) {
        return fields.isEmpty() ? "now empty" : String.join(", ", fields);
    }

    private static String teamAndStack(EventPayload.ApplicationChanged changed) {
        List<String> parts = new ArrayList<>();
        changed.team().ifPresent(team -> parts.add("team " + team));
        changed.stack().ifPresent(stack -> parts.add("stack " + stack));
        if (changed.template()) {
            parts.add("with a template");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String applicationChanges(EventPayload.ApplicationChanged changed) {
        List<String> parts = new ArrayList<>();
        if (!changed.team().equals(changed.previousTeam())) {
            parts.add("team " + changed.team().map(Object::toString).orElse("none")
                    + changed.previousTeam().map(team -> " (was " + team + ")").orElse(""));
        } else {
            changed.team().ifPresent(team -> parts.add("team " + team));
        }
        if (!changed.stack().equals(changed.previousStack())) {
            parts.add("stack " + changed.stack().map(Object::toString).orElse("none")
                    + changed.previousStack()
                            .map(stack -> " (was " + stack + ")")
                            .orElse(""));
        }
        if (changed.template()) {
            parts.add("with a template");
        }
        return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
    }

    private static String names(List<EnvName> environments) {
        return String.join(", ", environments.stream().map(EnvName::value).toList());
    }

    private static String count(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
