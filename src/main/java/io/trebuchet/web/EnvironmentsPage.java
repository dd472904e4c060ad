package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.api.Requests;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.ArgoCdConfig;
import io.trebuchet.environment.ArgoConfigs;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.environment.TrainSchedule;
import io.trebuchet.environment.Upstream;
import io.trebuchet.freeze.FreezeCalendar;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockChange;
import io.trebuchet.lock.LockFilter;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockTarget;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.train.TrainFilter;
import io.trebuchet.train.TrainResult;
import io.trebuchet.train.TrainService;
import io.trebuchet.train.TrainTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /environments}: the environment groups and their environments, in upstream order, with their config, their
 * locks (add, remove; group locks on every member at once), their freeze windows and whether one holds now, their
 * scheduled trains, and a release train per environment and per group that shows its prognosis first and runs only
 * once the person confirms, then shows what it did.
 */
final class EnvironmentsPage implements HttpResource {
    /** The train form's labels by the parameter they fill. */
    private static final Map<String, String> TRAIN_LABELS = Map.of("team", "Team", "stack", "Stack");

    private final Pages pages;
    private final EnvironmentService environments;
    private final OverviewService overview;
    private final LockService locks;
    private final TrainService trains;

    EnvironmentsPage(
            Pages pages,
            EnvironmentService environments,
            OverviewService overview,
            LockService locks,
            TrainService trains) {
        this.pages = requireNonNull(pages, "pages is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.overview = requireNonNull(overview, "overview is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.trains = requireNonNull(trains, "trains is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/environments", pages.handler(this::show));
        PageRoutes.post(routes, "/environments/{env}/lock", pages.handler(this::lockEnvironment));
        PageRoutes.post(routes, "/environments/{env}/unlock", pages.handler(this::unlockEnvironment));
        PageRoutes.post(routes, "/environment-groups/{group}/lock", pages.handler(this::lockGroup));
        PageRoutes.post(routes, "/environment-groups/{group}/unlock", pages.handler(this::unlockGroup));
        PageRoutes.get(routes, "/environments/{env}/train", pages.handler(context -> train(context, false)));
        PageRoutes.post(routes, "/environments/{env}/train", pages.handler(context -> train(context, true)));
        PageRoutes.get(routes, "/environment-groups/{group}/train", pages.handler(context -> train(context, false)));
        PageRoutes.post(routes, "/environment-groups/{group}/train", pages.handler(context -> train(context, true)));
    }

    /** The page: groups in upstream order, and the teams and stacks a train can be limited to. */
    record View(Chrome chrome, List<Group> groups, List<TeamName> teams, List<StackName> stacks) {
        View {
            requireNonNull(chrome, "chrome is null");
            groups = List.copyOf(groups);
            teams = List.copyOf(teams);
            stacks = List.copyOf(stacks);
        }
    }

    /**
     * An environment group and its members, a stage of the chain with the link drawn before it. A group of one
     * environment of the same name is that environment: it has no group locks or group train of its own ({@code shared}
     * is false), and is drawn as the environment alone.
     */
    record Group(
            GroupName name,
            boolean shared,
            List<Card> environments,
            List<GroupLock> locks,
            Optional<Message> message,
            Optional<ApplicationView.LockDraft> lockDraft,
            EnvironmentChain.Link link) {
        Group {
            requireNonNull(name, "name is null");
            environments = List.copyOf(environments);
            locks = List.copyOf(locks);
            requireNonNull(message, "message is null");
            requireNonNull(lockDraft, "lockDraft is null");
            requireNonNull(link, "link is null");
        }

        /** Whether the stage is fed by the one drawn before it: an arrow joins them. */
        boolean next() {
            return link.kind() == EnvironmentChain.Kind.NEXT;
        }

        /** Whether the stage is fed by another than the one before it: the arrow names where from. */
        boolean branch() {
            return link.kind() == EnvironmentChain.Kind.BRANCH;
        }

        /** Whether the stage starts another chain, on a line of its own. */
        boolean newChain() {
            return link.kind() == EnvironmentChain.Kind.START;
        }

        String trainPath() {
            return "/environment-groups/" + name.value() + "/train";
        }

        String trainPanel() {
            return "train-group-" + name.value();
        }
    }

    /** A lock put on a whole group: the same environment lock on each member that has it. */
    record GroupLock(LockRow lock, List<EnvName> members) {
        GroupLock {
            requireNonNull(lock, "lock is null");
            members = List.copyOf(members);
        }
    }

    /**
     * One environment with its config, what feeds it and what it feeds, how many applications run there, its locks,
     * its freeze windows and whether one holds now, its scheduled trains, and the outcome of the last lock action (with
     * what was typed into the lock form when that was refused).
     */
    record Card(
            EnvName name,
            String upstream,
            Optional<EnvName> upstreamEnvironment,
            List<EnvName> downstream,
            int applications,
            List<ArgoCdConfig> argoCd,
            Optional<String> commonEnvPrefix,
            boolean activeActive,
            String created,
            String updated,
            String updatedAge,
            String config,
            List<LockRow> locks,
            List<String> freezeWindows,
            Optional<String> frozen,
            List<String> trainSchedules,
            Optional<Message> message,
            Optional<ApplicationView.LockDraft> lockDraft) {
        Card {
            requireNonNull(name, "name is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(upstreamEnvironment, "upstreamEnvironment is null");
            downstream = List.copyOf(downstream);
            argoCd = List.copyOf(argoCd);
            requireNonNull(commonEnvPrefix, "commonEnvPrefix is null");
            requireNonNull(created, "created is null");
            requireNonNull(updated, "updated is null");
            requireNonNull(updatedAge, "updatedAge is null");
            requireNonNull(config, "config is null");
            locks = List.copyOf(locks);
            freezeWindows = List.copyOf(freezeWindows);
            requireNonNull(frozen, "frozen is null");
            trainSchedules = List.copyOf(trainSchedules);
            requireNonNull(message, "message is null");
            requireNonNull(lockDraft, "lockDraft is null");
        }

        String path() {
            return "/environments/" + name.value();
        }

        String trainPath() {
            return path() + "/train";
        }

        String trainPanel() {
            return "train-env-" + name.value();
        }
    }

    /**
     * A release train's prognosis (with the form to run it) or what it did, for an environment or a group, limited to
     * a team or a stack when asked.
     */
    record TrainView(
            Chrome chrome,
            String target,
            String path,
            String panel,
            Optional<TeamName> team,
            Optional<StackName> stack,
            boolean prognosis,
            Optional<String> trainId,
            List<TrainOutcomes.EnvironmentOutcome> environments,
            Optional<Message> message,
            Optional<String> runRefusal) {
        TrainView {
            requireNonNull(chrome, "chrome is null");
            requireNonNull(target, "target is null");
            requireNonNull(path, "path is null");
            requireNonNull(panel, "panel is null");
            requireNonNull(team, "team is null");
            requireNonNull(stack, "stack is null");
            requireNonNull(trainId, "trainId is null");
            environments = List.copyOf(environments);
            requireNonNull(message, "message is null");
            requireNonNull(runRefusal, "runRefusal is null");
        }

        /** Whether the prognosis can be run: it was computed (not refused). */
        boolean runnable() {
            return prognosis && message.filter(Message::error).isEmpty();
        }

        /** What the whole train does or did, for the bar that stays in view with the button that runs it. */
        String total() {
            return TrainOutcomes.total(environments, prognosis);
        }

        String filterText() {
            List<String> parts = new ArrayList<>();
            team.ifPresent(name -> parts.add("team " + name.value()));
            stack.ifPresent(name -> parts.add("stack " + name.value()));
            return parts.isEmpty() ? "for every application" : "for " + String.join(", ", parts);
        }
    }

    private void show(Context context) {
        render(context, 200, Optional.empty());
    }

    /** Where an action's outcome is shown: an environment's card or a group's header. */
    private record Where(Optional<EnvName> environment, Optional<GroupName> group) {
        static Where of(EnvName environment) {
            return new Where(Optional.of(environment), Optional.empty());
        }

        static Where of(GroupName group) {
            return new Where(Optional.empty(), Optional.of(group));
        }
    }

    /** An action's outcome, where it is shown, and a refused lock form's input to show there again. */
    private record Placed(Where where, Message message, Optional<ApplicationView.LockDraft> lockDraft) {}

    private void lockEnvironment(Context context) {
        EnvName environment = Requests.environment(context);
        act(context, Where.of(environment), Optional.of(LockForms.draft(context)), () -> {
            LockId id = pages.newLockId();
            LockChange change = locks.put(
                    new LockTarget.Environment(environment), id, LockForms.request(context), Requests.actor(context));
            return "Locked %s (lock '%s'%s): automation stops there until someone unlocks it."
                    .formatted(environment, id, expiry(change.lock()));
        });
    }

    private void unlockEnvironment(Context context) {
        EnvName environment = Requests.environment(context);
        act(context, Where.of(environment), () -> {
            Lock removed = locks.delete(
                    LockForms.target(context, environment), LockForms.id(context), Requests.actor(context));
            return "Removed %s lock '%s' from %s. Queued versions are not deployed by themselves."
                    .formatted(removed.kind().label(), removed.id(), LockRow.subject(removed));
        });
    }

    private void lockGroup(Context context) {
        GroupName group = Requests.group(context);
        act(context, Where.of(group), Optional.of(LockForms.draft(context)), () -> {
            LockId id = pages.newLockId();
            List<LockChange> changes = locks.putGroup(group, id, LockForms.request(context), Requests.actor(context));
            return "Locked group %s (lock '%s' on %s%s): automation stops there until someone unlocks it."
                    .formatted(
                            group,
                            id,
                            changes.stream()
                                    .map(change -> change.lock().environment().value())
                                    .collect(Collectors.joining(", ")),
                            expiry(changes.getFirst().lock()));
        });
    }

    private void unlockGroup(Context context) {
        GroupName group = Requests.group(context);
        act(context, Where.of(group), () -> {
            List<Lock> removed = locks.deleteGroup(group, LockForms.id(context), Requests.actor(context));
            return "Removed lock '%s' from %s. Queued versions are not deployed by themselves."
                    .formatted(
                            removed.getFirst().id(),
                            removed.stream()
                                    .map(lock -> lock.environment().value())
                                    .collect(Collectors.joining(", ")));
        });
    }

    private static String expiry(Lock lock) {
        return lock.expiresAt().map(at -> ", expires " + Age.time(at)).orElse("");
    }

    /** What a lock action does, in a sentence; it throws when the services refuse it. */
    @FunctionalInterface
    private interface Action {
        String run();
    }

    /**
     * Runs a lock action after checking the form's token, then shows the environments again with the outcome where the
     * action was taken. Without htmx, a successful action redirects (so that reloading does not repeat it).
     */
    private void act(Context context, Where where, Action action) {
        act(context, where, Optional.empty(), action);
    }

    /** As {@link #act(Context, Where, Action)}; a refusal shows {@code lockDraft} in the lock form again. */
    private void act(Context context, Where where, Optional<ApplicationView.LockDraft> lockDraft, Action action) {
        Message message;
        int status;
        try {
            pages.checkForm(context);
            message = Message.done(action.run());
            status = 200;
        } catch (TrebuchetException e) {
            message = Message.error(ErrorSentences.of(e, LockForms.LABELS));
            status = e.code().httpStatus();
        }
        if (!Pages.partial(context) && status == 200) {
            context.redirect(
                    "/environments#"
                            + where.environment()
                                    .map(name -> "environment-" + name)
                                    .orElseGet(() -> "group-" + where.group().orElseThrow()),
                    HttpStatus.SEE_OTHER);
            return;
        }
        render(
                context,
                status,
                Optional.of(new Placed(where, message, message.error() ? lockDraft : Optional.empty())));
    }

    private void render(Context context, int status, Optional<Placed> outcome) {
        View view = view(context, outcome);
        pages.render(
                context, status, Pages.partial(context) ? Template.ENVIRONMENTS_MAIN : Template.ENVIRONMENTS, view);
    }

    private View view(Context context, Optional<Placed> outcome) {
        Instant now = pages.now();
        List<Environment> ordered = environments.list();
        Overview current = overview.overview();
        Map<EnvName, Integer> counts = new LinkedHashMap<>();
        current.applications()
                .forEach(application -> application
                        .environments()
                        .keySet()
                        .forEach(environment -> counts.merge(environment, 1, Integer::sum)));
        Map<EnvName, List<LockView>> locksByEnvironment = locks.list(LockFilter.all()).stream()
                .collect(Collectors.groupingBy(lock -> lock.lock().environment()));
        Map<GroupName, List<Card>> groups = new LinkedHashMap<>();
        for (Environment environment : ordered) {
            EnvName name = environment.name();
            List<EnvName> downstream = ordered.stream()
                    .filter(other -> other.config()
                            .upstream()
                            .flatMap(Upstream::environment)
                            .equals(Optional.of(name)))
                    .map(Environment::name)
                    .toList();
            List<FreezeWindow> windows = environment.config().freezeWindows();
            groups.computeIfAbsent(environment.group(), ignored -> new ArrayList<>())
                    .add(new Card(
                            name,
                            OverviewRows.upstreamText(environment.config().upstream()),
                            environment.config().upstream().flatMap(Upstream::environment),
                            downstream,
                            counts.getOrDefault(name, 0),
                            environment.config().argoCdConfigs(),
                            environment.config().argoConfigs().flatMap(ArgoConfigs::commonEnvPrefix),
                            environment
                                    .config()
                                    .argoConfigs()
                                    .map(ArgoConfigs::activeActive)
                                    .orElse(false),
                            Age.time(environment.createdAt()),
                            Age.time(environment.updatedAt()),
                            Age.since(environment.updatedAt(), now),
                            Json.mapper().valueToTree(environment.config()).toPrettyString(),
                            locksByEnvironment.getOrDefault(name, List.of()).stream()
                                    .map(lock -> LockRow.of(lock, now))
                                    .toList(),
                            windows.stream().map(EnvironmentsPage::windowText).toList(),
                            FreezeCalendar.check(windows, now).map(freeze -> BlockerText.freeze(freeze, name, now)),
                            environment.config().releaseTrains().stream()
                                    .map(schedule -> scheduleText(schedule, now))
                                    .toList(),
                            outcome.filter(placed ->
                                            placed.where().environment().equals(Optional.of(name)))
                                    .map(Placed::message),
                            outcome.filter(placed ->
                                            placed.where().environment().equals(Optional.of(name)))
                                    .flatMap(Placed::lockDraft)));
        }
        List<EnvironmentChain.Link> links = EnvironmentChain.links(groups.values().stream()
                .map(cards -> new EnvironmentChain.Stage(
                        cards.stream().map(Card::name).collect(Collectors.toSet()),
                        cards.stream()
                                .flatMap(card -> card.upstreamEnvironment().stream())
                                .collect(Collectors.toSet())))
                .toList());
        List<Group> view = new ArrayList<>();
        groups.forEach((name, cards) -> view.add(new Group(
                name,
                cards.size() > 1 || !cards.getFirst().name().value().equals(name.value()),
                cards,
                groupLocks(name, locksByEnvironment, now),
                outcome.filter(placed -> placed.where().group().equals(Optional.of(name)))
                        .map(Placed::message),
                outcome.filter(placed -> placed.where().group().equals(Optional.of(name)))
                        .flatMap(Placed::lockDraft),
                links.get(view.size()))));
        return new View(
                pages.chrome(context, "Environments", Nav.ENVIRONMENTS),
                view,
                OverviewRows.teams(current),
                OverviewRows.stacks(current));
    }

    /** The locks put on a group: environment locks that name the group, one row per id. */
    private static List<GroupLock> groupLocks(
            GroupName group, Map<EnvName, List<LockView>> locksByEnvironment, Instant now) {
        Map<LockId, List<LockView>> byId = new LinkedHashMap<>();
        locksByEnvironment.values().stream()
                .flatMap(List::stream)
                .filter(lock -> lock.lock().group().equals(Optional.of(group)))
                .forEach(lock -> byId.computeIfAbsent(lock.lock().id(), ignored -> new ArrayList<>())
                        .add(lock));
        return byId.values().stream()
                .map(members -> new GroupLock(
                        LockRow.of(members.getFirst(), now),
                        members.stream().map(lock -> lock.lock().environment()).toList()))
                .toList();
    }

    static String windowText(FreezeWindow window) {
        return "%s %s for %s (%s)"
                .formatted(window.kind().label(), window.schedule(), window.duration(), window.zoneText());
    }

    static String scheduleText(TrainSchedule schedule, Instant now) {
        StringBuilder text = new StringBuilder(schedule.schedule())
                .append(" (")
                .append(schedule.zone().getId())
                .append(')');
        schedule.team().ifPresent(team -> text.append(" · team ").append(team.value()));
        schedule.stack().ifPresent(stack -> text.append(" · stack ").append(stack.value()));
        schedule.cron()
                .nextFiring(now, schedule.zone())
                .ifPresent(next -> text.append(" · next ")
                        .append(Age.relative(next, now))
                        .append(", at ")
                        .append(Age.time(next)));
        return text.toString();
    }

    /**
     * A train's prognosis ({@code run} false) or its run. A prognosis answers a GET and changes nothing; the run is a
     * form post, checked like every other. The outcome is shown in the panel of the environment or group, in plain
     * words, and a refusal there too.
     */
    private void train(Context context, boolean run) {
        boolean group = context.pathParamMap().containsKey("group");
        TrainTarget target = group
                ? new TrainTarget.Group(Requests.group(context))
                : new TrainTarget.Environment(Requests.environment(context));
        String name = group ? context.pathParam("group") : context.pathParam("env");
        Optional<TeamName> team = parameter(context, "team", run).map(TeamName::of);
        Optional<StackName> stack = parameter(context, "stack", run).map(StackName::of);
        TrainFilter filter = new TrainFilter(team, stack);
        Optional<TrainResult> result = Optional.empty();
        Optional<Message> message = Optional.empty();
        int status = 200;
        try {
            if (run) {
                pages.checkForm(context);
                result = Optional.of(trains.run(target, filter, Requests.actor(context)));
                message = Optional.of(Message.done("The train ran into %s%s."
                        .formatted(
                                target.describe(),
                                result.get()
                                        .trainId()
                                        .map(id -> " (train " + id + ")")
                                        .orElse(""))));
            } else {
                result = Optional.of(trains.prognosis(target, filter));
            }
        } catch (TrebuchetException e) {
            message = Optional.of(Message.error(ErrorSentences.of(e, TRAIN_LABELS)));
            status = e.code().httpStatus();
        }
        TrainView view = new TrainView(
                pages.chrome(context, "Release train into " + name, Nav.ENVIRONMENTS),
                target.describe(),
                (group ? "/environment-groups/" : "/environments/") + name + "/train",
                (group ? "train-group-" : "train-env-") + name,
                team,
                stack,
                !run,
                result.flatMap(TrainResult::trainId),
                result.map(TrainOutcomes::of).orElse(List.of()),
                message,
                io.trebuchet.api.Guard.of(context)
                        .refusal(
                                io.trebuchet.auth.Action.DEPLOY_RELEASE_TRAIN,
                                group
                                        ? io.trebuchet.api.Guard.of(context).group(Requests.group(context))
                                        : io.trebuchet.api.Guard.of(context).environment(Requests.environment(context)))
                        .map(reason -> "You may not run this train: %s.".formatted(reason)));
        pages.render(context, status, Pages.partial(context) ? Template.TRAIN_PANEL : Template.TRAIN, view);
    }

    private static Optional<String> parameter(Context context, String name, boolean form) {
        return Optional.ofNullable(form ? context.formParam(name) : context.queryParam(name))
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }
}
