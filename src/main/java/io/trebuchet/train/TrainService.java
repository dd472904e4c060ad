package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.DeployDecision;
import io.trebuchet.deploy.DeployOutcome;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.DeploymentReason;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.LockService;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import io.trebuchet.train.EnvironmentPlan.ApplicationPlan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Plans and runs release trains into an environment or an environment group. */
public final class TrainService {
    private final Database database;
    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final LockService locks;
    private final DeployService deploys;
    private final EventLog events;
    private final Clock clock;
    private final TrainStore store = new TrainStore();

    public TrainService(
            Database database,
            EnvironmentService environments,
            ApplicationService applications,
            LockService locks,
            DeployService deploys,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Exactly what {@link #run} would do now, without doing it. */
    public TrainResult prognosis(TrainTarget target, TrainFilter filter) {
        return database.inSnapshot(transaction -> {
            Handle handle = transaction.handle();
            List<EnvironmentPlan> plans = targets(handle, target).stream()
                    .map(environment -> TrainPlanner.plan(input(handle, environment, filter)))
                    .toList();
            return new TrainResult(Optional.empty(), true, plans);
        });
    }

    /**
     * Runs the train: each environment in its own transaction, so that one locked or failing environment does not
     * stop the others; one event per environment; deployments carry the train id in their history.
     */
    public TrainResult run(TrainTarget target, TrainFilter filter, Actor actor) {
        return run(TrainRequest.of(target, filter), actor);
    }

    /** As {@link #run(TrainTarget, TrainFilter, Actor)}, recording the request's CI link with each event. */
    public TrainResult run(TrainRequest request, Actor actor) {
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        TrainTarget target = request.target();
        List<Environment> targets = database.read(handle -> targets(handle, target));
        String trainId = UUID.randomUUID().toString();
        List<EnvironmentPlan> results = new ArrayList<>();
        for (Environment environment : targets) {
            try {
                results.add(database.inTransaction(
                        transaction -> runIn(transaction, environment.name(), request, trainId, actor)));
            } catch (TrebuchetException e) {
                if (e.code() != ErrorCode.ENVIRONMENT_NOT_FOUND) {
                    throw e;
                }
                // Each environment runs on its own: one deleted meanwhile does not hide what the others did.
                results.add(new EnvironmentPlan(
                        environment.name(),
                        Optional.empty(),
                        Optional.of(SkipCause.ENVIRONMENT_DELETED),
                        Optional.of("environment %s was deleted while the train ran".formatted(environment.name())),
                        List.of()));
            }
        }
        return new TrainResult(Optional.of(trainId), false, results, request.ciLink());
    }

    /** Runs the train into one environment inside the caller's transaction (the scheduler's). */
    EnvironmentPlan runIn(
            Transaction transaction,
            EnvName environmentName,
            TrainTarget target,
            TrainFilter filter,
            String trainId,
            Actor actor) {
        return runIn(transaction, environmentName, TrainRequest.of(target, filter), trainId, actor);
    }

    private EnvironmentPlan runIn(
            Transaction transaction, EnvName environmentName, TrainRequest request, String trainId, Actor actor) {
        TrainTarget target = request.target();
        TrainFilter filter = request.filter();
        Handle handle = transaction.handle();
        Environment environment = environments.get(handle, environmentName);
        // What the train reads next decides for every application it moves: no other deploy may change them meanwhile.
        applications.lockAll(handle);
        TrainPlanner.Decided decided = TrainPlanner.decide(input(handle, environment, filter), trainId);
        EnvironmentPlan plan = decided.plan();
        List<EventPayload.TrainEntry> deployed = new ArrayList<>();
        List<EventPayload.TrainEntry> queued = new ArrayList<>();
        List<EventPayload.TrainEntry> skipped = new ArrayList<>();
        for (ApplicationPlan step : plan.applications()) {
            DeployDecision decision = decided.decisions().get(step.application());
            if (decision == null) {
                skipped.add(entry(
                        step.application(),
                        step.version(),
                        Optional.of(step.skipped().orElseThrow().name())));
                continue;
            }
            // What the plan decided is written as decided: the run says what its prognosis said.
            DeployOutcome outcome = deploys.writeForTrain(
                    transaction,
                    new DeployRequest(
                            step.application(),
                            environmentName,
                            step.version().orElseThrow(),
                            DeploymentReason.TRAIN,
                            Optional.of(trainId),
                            LockBehavior.RECORD),
                    decision,
                    decided.facts().get(step.application()),
                    Optional.empty(),
                    actor);
            switch (outcome.result()) {
                case DEPLOYED ->
                    deployed.add(new EventPayload.TrainEntry(
                            step.application(), step.version(), outcome.previousVersion(), Optional.empty()));
                case QUEUED ->
                    queued.add(entry(
                            step.application(),
                            step.version(),
                            Optional.of(step.skipped().orElseThrow().name())));
                case UNCHANGED -> throw new IllegalStateException("a train decision is to deploy or to queue");
            }
        }
        EnvironmentPlan result = plan;
        events.append(
                transaction,
                actor,
                NewEvent.ofEnvironment(
                        EventKind.RELEASE_TRAIN,
                        environmentName,
                        new EventPayload.ReleaseTrain(
                                trainId,
                                target.describe(),
                                filter.team(),
                                filter.stack(),
                                plan.upstream(),
                                plan.skipped().map(Enum::name),
                                plan.message(),
                                deployed,
                                queued,
                                skipped,
                                request.ciLink())));
        return result;
    }

    private static EventPayload.TrainEntry entry(
            AppName application, Optional<Version> version, Optional<String> cause) {
        return new EventPayload.TrainEntry(application, version, Optional.empty(), cause);
    }

    private TrainInput input(Handle handle, Environment environment, TrainFilter filter) {
        Optional<Upstream> upstream = environment.config().upstream();
        boolean upstreamExists = upstream.flatMap(Upstream::environment)
                .map(name -> environments.find(handle, name).isPresent())
                .orElse(true);
        Map<AppName, Candidate> candidates = upstream.isEmpty() || !upstreamExists
                ? Map.of()
                : upstream.get().isLatest()
                        ? store.newestReleases(handle, environment.name())
                        : store.deployedIn(handle, upstream.get().environment().orElseThrow(), environment.name());
        Map<AppName, Application> registered =
                applications.list(handle).stream().collect(Collectors.toMap(Application::name, Function.identity()));
        return new TrainInput(
                environment.name(),
                upstream,
                upstreamExists,
                candidates,
                store.deployed(handle, environment.name()),
                deploys.queuedIn(handle, environment.name()),
                registered,
                locks.locksIn(handle, environment.name()),
                environment.config().freezeWindows(),
                deploys.holdsIn(handle, environment.name()),
                environment.config().policyRules(),
                filter,
                clock.instant(),
                environment.config().allowsPrereleaseCharts());
    }

    private List<Environment> targets(Handle handle, TrainTarget target) {
        return switch (target) {
            case TrainTarget.Environment environment -> List.of(environments.get(handle, environment.name()));
            case TrainTarget.Group group -> {
                List<Environment> members = environments.list(handle).stream()
                        .filter(environment -> environment.group().equals(group.name()))
                        .toList();
                if (members.isEmpty()) {
                    throw new TrebuchetException(
                            ErrorCode.ENVIRONMENT_GROUP_NOT_FOUND,
                            "no environment is in group %s".formatted(group.name()),
                            Map.of("group", group.name().value()));
                }
                yield members;
            }
        };
    }
}
