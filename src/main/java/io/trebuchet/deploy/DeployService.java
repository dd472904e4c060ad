package io.trebuchet.deploy;

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
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.lock.LockChange;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockTarget;
import io.trebuchet.policy.Finding;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.Release;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Deploys versions to environments, respecting locks and freeze windows as the request says, removes applications
 * from environments, and auto-deploys new releases.
 */
public final class DeployService {
    public static final int MAX_PAGE = 500;

    private final Database database;
    private final DeployStore store;
    private final ReleaseService releases;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final LockService locks;
    private final EventLog events;
    private final Clock clock;
    private final HoldStore holds = new HoldStore();

    public DeployService(
            Database database,
            DeployStore store,
            ReleaseService releases,
            ApplicationService applications,
            EnvironmentService environments,
            LockService locks,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public DeployOutcome deploy(DeployRequest request, Actor actor) {
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> deploy(transaction, request, actor));
    }

    /**
     * Deploys and then, in the same transaction, puts an application lock there (Kuberpult's "deploy and lock"): the
     * version stays until someone unlocks it. The lock comes after the deploy so that it does not stop it. A version
     * that would only be queued is refused, since the new lock would hold it back as well.
     */
    public LockedDeploy deployAndLock(DeployRequest request, LockId lockId, LockRequest lock, Actor actor) {
        requireNonNull(request, "request is null");
        requireNonNull(lockId, "lockId is null");
        requireNonNull(lock, "lock is null");
        requireNonNull(actor, "actor is null");
        if (request.lockBehavior() == LockBehavior.RECORD) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "deploy and lock cannot queue the version (lockBehavior 'record'): the new lock would hold it"
                            + " back too; use 'fail' or 'ignore'",
                    Map.of("field", "lockBehavior"));
        }
        return database.inTransaction(transaction -> {
            DeployOutcome outcome = deploy(transaction, request, actor);
            LockChange change = locks.put(
                    transaction,
                    new LockTarget.Application(request.environment(), request.application()),
                    lockId,
                    lock,
                    Optional.empty(),
                    actor);
            return new LockedDeploy(outcome, change);
        });
    }

    /** What {@link #deployAndLock} did: the deploy, then the lock. */
    public record LockedDeploy(DeployOutcome deploy, LockChange lock) {
        public LockedDeploy {
            requireNonNull(deploy, "deploy is null");
            requireNonNull(lock, "lock is null");
        }
    }

    /** Deploys inside the caller's transaction, with one event for the change. */
    public DeployOutcome deploy(Transaction transaction, DeployRequest request, Actor actor) {
        Loaded loaded = load(transaction.handle(), request);
        return write(
                transaction,
                request,
                DeployDecision.decide(request, loaded.facts()),
                loaded,
                actor,
                true,
                loaded.facts().now());
    }

    /**
     * Deploys as done at {@code deployedAt}: an import records when and by whom a version was deployed elsewhere,
     * decided on today's locks and freezes like any deploy (an import asks to ignore them: the repository says what
     * runs).
     */
    public DeployOutcome deploy(Transaction transaction, DeployRequest request, Actor actor, Instant deployedAt) {
        requireNonNull(deployedAt, "deployedAt is null");
        Loaded loaded = load(transaction.handle(), request);
        return write(
                transaction, request, DeployDecision.decide(request, loaded.facts()), loaded, actor, true, deployedAt);
    }

    /**
     * Records {@code version} as waiting in {@code environment}, queued at {@code queuedAt}, as an import finds it:
     * another system already decided that it waits. Recording the same version again changes nothing.
     */
    public boolean queue(
            Transaction transaction,
            AppName application,
            EnvName environment,
            Version version,
            Actor actor,
            Instant queuedAt,
            String why) {
        Handle handle = transaction.handle();
        environments.get(handle, environment);
        if (releases.find(handle, application, version).isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.RELEASE_NOT_FOUND,
                    "application %s has no release %s".formatted(application, version),
                    Map.of("application", application.value(), "version", version.value()));
        }
        Optional<QueuedVersion> existing = store.findQueued(handle, application, environment);
        if (existing.filter(queued -> queued.version().equals(version)).isPresent()) {
            return false;
        }
        QueuedVersion queued = new QueuedVersion(
                application, environment, version, queuedAt, actor, DeploymentReason.MANUAL, List.of(why));
        store.putQueued(handle, queued);
        events.append(
                transaction,
                actor,
                NewEvent.of(
                        EventKind.DEPLOYMENT_QUEUED,
                        application,
                        environment,
                        new EventPayload.DeploymentQueued(version, DeploymentReason.MANUAL.label(), List.of(why))));
        return true;
    }

    /** What a deploy reads: the facts the decision needs, and the records the write keeps from them. */
    private record Loaded(DeployFacts facts, Optional<Deployment> current) {}

    private Loaded load(Handle handle, DeployRequest request) {
        Environment environment = environments.get(handle, request.environment());
        Application application = lockApplication(handle, request.application());
        Release release = releases.find(handle, request.application(), request.version())
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "application %s has no release %s".formatted(request.application(), request.version()),
                        Map.of(
                                "application",
                                request.application().value(),
                                "version",
                                request.version().value())));
        List<Finding> findings = environment
                .config()
                .policyRules()
                .judge(releases.violations(handle, request.application(), request.version(), request.environment())
                        .orElse(List.of()));
        Optional<Deployment> current = store.find(handle, request.application(), request.environment());
        return new Loaded(
                new DeployFacts(
                        application.team(),
                        release.manifests().keySet(),
                        findings,
                        current.map(Deployment::version),
                        store.findQueued(handle, request.application(), request.environment()),
                        locks.locksIn(handle, request.environment()),
                        environment.config().freezeWindows(),
                        holds.find(handle, request.application(), request.environment()),
                        clock.instant(),
                        store.chartVersion(handle, request.application(), request.version()),
                        environment.config().allowsPrereleaseCharts()),
                current);
    }

    /**
     * Writes what {@code decision} says: the deployment with its history (and its event when {@code recordEvent}; a
     * train records one event per environment instead), or the queued version; a refusal is thrown.
     */
    private DeployOutcome write(
            Transaction transaction,
            DeployRequest request,
            DeployDecision decision,
            Loaded loaded,
            Actor actor,
            boolean recordEvent,
            Instant now) {
        Handle handle = transaction.handle();
        return switch (decision) {
            case DeployDecision.Refuse refuse -> throw refuse.reason();
            case DeployDecision.Unchanged unchanged -> {
                unchanged
                        .settles()
                        .ifPresent(ignored -> store.deleteQueued(handle, request.application(), request.environment()));
                yield new DeployOutcome(
                        DeployOutcome.Result.UNCHANGED,
                        loaded.current(),
                        loaded.current().map(Deployment::version),
                        Optional.empty(),
                        List.of());
            }
            case DeployDecision.Deploy deploy -> {
                Deployment deployment = new Deployment(
                        request.application(),
                        request.environment(),
                        request.version(),
                        now,
                        actor,
                        request.reason(),
                        request.trainId());
                store.upsert(handle, deployment, deploy.previous().isPresent());
                store.recordHistory(
                        handle,
                        request.application(),
                        request.environment(),
                        Optional.of(request.version()),
                        deploy.previous(),
                        now,
                        actor,
                        request.reason(),
                        request.trainId());
                deploy.settles()
                        .ifPresent(ignored -> store.deleteQueued(handle, request.application(), request.environment()));
                if (request.reason() == DeploymentReason.MANUAL) {
                    hold(transaction, request, deploy.previous(), loaded.facts().hold(), actor, now);
                }
                if (recordEvent) {
                    events.append(
                            transaction,
                            actor,
                            NewEvent.of(
                                    EventKind.DEPLOYED,
                                    request.application(),
                                    request.environment(),
                                    new EventPayload.Deployed(
                                            request.version(),
                                            deploy.previous(),
                                            request.reason().label(),
                                            request.trainId(),
                                            describe(deploy.ignoredBlockers()))));
                }
                yield new DeployOutcome(
                        DeployOutcome.Result.DEPLOYED,
                        Optional.of(deployment),
                        deploy.previous(),
                        Optional.empty(),
                        deploy.ignoredBlockers());
            }
            case DeployDecision.Queue queue -> {
                if (!queue.records()) {
                    yield new DeployOutcome(
                            DeployOutcome.Result.QUEUED,
                            Optional.empty(),
                            Optional.empty(),
                            queue.waiting(),
                            queue.blockers());
                }
                QueuedVersion queued = new QueuedVersion(
                        request.application(),
                        request.environment(),
                        request.version(),
                        now,
                        actor,
                        request.reason(),
                        describe(queue.blockers()));
                store.putQueued(handle, queued);
                if (recordEvent) {
                    events.append(
                            transaction,
                            actor,
                            NewEvent.of(
                                    EventKind.DEPLOYMENT_QUEUED,
                                    request.application(),
                                    request.environment(),
                                    new EventPayload.DeploymentQueued(
                                            request.version(), request.reason().label(), describe(queue.blockers()))));
                }
                yield new DeployOutcome(
                        DeployOutcome.Result.QUEUED,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(queued),
                        queue.blockers());
            }
        };
    }

    /**
     * Writes a release train's decision for one application, decided by the train on facts it loaded itself: the
     * train records one event per environment, so this records none.
     */
    public DeployOutcome writeForTrain(
            Transaction transaction,
            DeployRequest request,
            DeployDecision decision,
            DeployFacts facts,
            Optional<Deployment> current,
            Actor actor) {
        if (request.reason() != DeploymentReason.TRAIN || request.trainId().isEmpty()) {
            throw new IllegalArgumentException("a train deploy names its train");
        }
        return write(transaction, request, decision, new Loaded(facts, current), actor, false, facts.now());
    }

    private static List<String> describe(List<Blocker> blockers) {
        return blockers.stream()
                .map(blocker -> blocker.cause().name() + ": " + blocker.describe())
                .toList();
    }

    /**
     * Deploys a release that was just accepted to every environment that follows {@code latest} and has a manifest in
     * it, unless it runs this version or a newer one there; a lock or freeze queues it. Uses what the release's
     * acceptance loaded (its environments, its application, its findings) and reads only what runs and waits.
     */
    public List<AutoDeployment> autoDeploy(Transaction transaction, ReleaseService.Accepted accepted, Actor actor) {
        Handle handle = transaction.handle();
        Release release = accepted.release();
        Map<EnvName, Deployment> running = store.listByApplication(handle, release.application()).stream()
                .collect(Collectors.toMap(Deployment::environment, deployment -> deployment));
        Map<EnvName, Version> deployed = new LinkedHashMap<>();
        running.forEach((environment, deployment) -> deployed.put(environment, deployment.version()));
        List<AutoDeployment> outcomes = new ArrayList<>();
        Optional<String> chartVersion = store.chartVersion(handle, release.application(), release.version());
        for (AutoDeployment step :
                AutoDeploy.plan(release, List.copyOf(accepted.environments().values()), deployed)) {
            if (!step.deployed()) {
                outcomes.add(step);
                continue;
            }
            Environment environment = accepted.environments().get(step.environment());
            DeployRequest request = new DeployRequest(
                    release.application(),
                    step.environment(),
                    release.version(),
                    DeploymentReason.AUTO,
                    Optional.empty(),
                    LockBehavior.RECORD);
            Optional<Deployment> current = Optional.ofNullable(running.get(step.environment()));
            DeployFacts facts = new DeployFacts(
                    accepted.application().team(),
                    release.manifests().keySet(),
                    accepted.findings().getOrDefault(step.environment(), List.of()),
                    current.map(Deployment::version),
                    store.findQueued(handle, release.application(), step.environment()),
                    locks.locksIn(handle, step.environment()),
                    environment.config().freezeWindows(),
                    holds.find(handle, release.application(), step.environment()),
                    clock.instant(),
                    chartVersion,
                    environment.config().allowsPrereleaseCharts());
            DeployDecision decision = DeployDecision.decide(request, facts);
            if (decision instanceof DeployDecision.Refuse refuse
                    && refuse.cause() == DeployDecision.Cause.PRERELEASE_CHART) {
                outcomes.add(AutoDeployment.skipped(
                        step.environment(), release.version(), refuse.reason().getMessage()));
                continue;
            }
            DeployOutcome outcome =
                    write(transaction, request, decision, new Loaded(facts, current), actor, true, facts.now());
            outcomes.add(
                    outcome.result() == DeployOutcome.Result.QUEUED
                            ? AutoDeployment.queued(
                                    step.environment(),
                                    release.version(),
                                    outcome.blockedBy().stream()
                                            .map(Blocker::describe)
                                            .collect(Collectors.joining("; ")))
                            : step);
        }
        return List.copyOf(outcomes);
    }

    /** Removes an application from one environment; a version queued there goes too. */
    public Deployment remove(AppName application, EnvName environment, Actor actor) {
        requireNonNull(application, "application is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> remove(transaction, application, environment, actor)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.NOT_DEPLOYED,
                        "application %s is not deployed in environment %s".formatted(application, environment),
                        Map.of("application", application.value(), "environment", environment.value()))));
    }

    /** Removes an application from one environment inside the caller's transaction; empty when it did not run there. */
    public Optional<Deployment> remove(Transaction transaction, AppName application, EnvName environment, Actor actor) {
        Handle handle = transaction.handle();
        environments.get(handle, environment);
        lockApplication(handle, application);
        Optional<Deployment> current = store.find(handle, application, environment);
        current.ifPresent(deployment -> removeDeployment(transaction, deployment, actor));
        return current;
    }

    /** Removes an application from every environment; its releases stay. */
    public List<Deployment> undeploy(AppName application, Actor actor) {
        requireNonNull(application, "application is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> {
            Handle handle = transaction.handle();
            lockApplication(handle, application);
            List<Deployment> removed = new ArrayList<>(store.listByApplication(handle, application));
            removed.forEach(deployment -> removeDeployment(transaction, deployment, actor));
            return List.copyOf(removed);
        });
    }

    private void removeDeployment(Transaction transaction, Deployment current, Actor actor) {
        Handle handle = transaction.handle();
        Instant now = clock.instant();
        store.delete(handle, current.application(), current.environment());
        store.deleteQueued(handle, current.application(), current.environment());
        store.recordHistory(
                handle,
                current.application(),
                current.environment(),
                Optional.empty(),
                Optional.of(current.version()),
                now,
                actor,
                DeploymentReason.MANUAL,
                Optional.empty());
        events.append(
                transaction,
                actor,
                NewEvent.of(
                        EventKind.REMOVED,
                        current.application(),
                        current.environment(),
                        new EventPayload.Removed(current.version())));
    }

    public List<Deployment> deployments(AppName application) {
        return database.read(handle -> {
            requireApplication(handle, application);
            return store.listByApplication(handle, application);
        });
    }

    /** The holds of an environment, by application, for a train's planner. */
    public Map<AppName, Hold> holdsIn(Handle handle, EnvName environment) {
        return holds.list(handle).stream()
                .filter(hold -> hold.environment().equals(environment))
                .collect(Collectors.toMap(Hold::application, hold -> hold));
    }

    /** Every hold, for the API. */
    public List<Hold> holds() {
        return database.read(holds::list);
    }

    /** Every hold, inside the caller's snapshot (the overview's). */
    public List<Hold> holds(Handle handle) {
        return holds.list(handle);
    }

    /** The hold of an application in an environment, if there is one. */
    public Optional<Hold> findHold(AppName application, EnvName environment) {
        return database.read(handle -> holds.find(handle, application, environment));
    }

    /** Releases a hold: automation may change the application there again. Refuses when there is none. */
    public Hold releaseHold(AppName application, EnvName environment, Actor actor) {
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> {
            Hold hold = holds.find(transaction.handle(), application, environment)
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.HOLD_NOT_FOUND,
                            "%s is not held in %s".formatted(application, environment),
                            Map.of("application", application.value(), "environment", environment.value())));
            holds.delete(transaction.handle(), application, environment);
            appendHoldEvent(transaction, actor, EventKind.HOLD_RELEASED, hold, "released by hand");
            return hold;
        });
    }

    /**
     * After a person's deploy: a version older than the one it replaced is a rollback and holds the application
     * there; a version newer than the held one ends the hold. Both are events.
     */
    private void hold(
            Transaction transaction,
            DeployRequest request,
            Optional<Version> previous,
            Optional<Hold> hold,
            Actor actor,
            Instant now) {
        if (previous.filter(replaced -> replaced.isNewerThan(request.version())).isPresent()) {
            Hold placed = new Hold(
                    request.application(),
                    request.environment(),
                    request.version(),
                    now,
                    actor,
                    "rolled back from version %s to %s".formatted(previous.get(), request.version()));
            holds.put(transaction.handle(), placed);
            appendHoldEvent(transaction, actor, EventKind.HOLD_PLACED, placed, placed.reason());
        } else {
            Optional<Hold> ended = hold.filter(held -> request.version().isNewerThan(held.version()));
            if (ended.isPresent()) {
                holds.delete(transaction.handle(), request.application(), request.environment());
                appendHoldEvent(
                        transaction,
                        actor,
                        EventKind.HOLD_RELEASED,
                        ended.get(),
                        "version %s deployed by hand, newer than the held %s"
                                .formatted(request.version(), ended.get().version()));
            }
        }
    }

    private void appendHoldEvent(Transaction transaction, Actor actor, EventKind kind, Hold hold, String reason) {
        events.append(
                transaction,
                actor,
                NewEvent.of(
                        kind,
                        hold.application(),
                        hold.environment(),
                        new EventPayload.HoldChanged(hold.version(), reason)));
    }

    /** The versions waiting in {@code environment}, by application. */
    public Map<AppName, QueuedVersion> queuedIn(Handle handle, EnvName environment) {
        return store.listQueued(handle).stream()
                .filter(queued -> queued.environment().equals(environment))
                .collect(Collectors.toMap(QueuedVersion::application, queued -> queued));
    }

    /** Every deployment, of every application. */
    public List<Deployment> all(Handle handle) {
        return store.listAll(handle);
    }

    /** Every queued version, for the overview. */
    public List<QueuedVersion> queued(Handle handle) {
        return store.listQueued(handle);
    }

    /** Deployment history of an application, newest first. */
    public List<DeploymentChange> history(AppName application, Optional<EnvName> environment, long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "limit must be between 1 and %d, got %d".formatted(MAX_PAGE, limit));
        }
        return database.read(handle -> {
            requireApplication(handle, application);
            return store.history(handle, application, environment, before, limit);
        });
    }

    private Application lockApplication(Handle handle, AppName application) {
        return applications.lock(handle, application);
    }

    private void requireApplication(Handle handle, AppName application) {
        applications.get(handle, application);
    }
}
