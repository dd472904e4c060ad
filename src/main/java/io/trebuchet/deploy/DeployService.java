package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

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
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyRefusal;
import io.trebuchet.release.Application;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.Release;
import io.trebuchet.release.ReleaseListener;
import io.trebuchet.release.ReleaseStore;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Deploys versions to environments, respecting locks and freeze windows as the request says, removes applications
 * from environments, and auto-deploys new releases.
 */
public final class DeployService implements ReleaseListener {
    public static final int MAX_PAGE = 500;

    private final Database database;
    private final DeployStore store;
    private final ReleaseStore releases;
    private final EnvironmentService environments;
    private final LockService locks;
    private final EventLog events;
    private final Clock clock;

    public DeployService(
            Database database,
            DeployStore store,
            ReleaseStore releases,
            EnvironmentService environments,
            LockService locks,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.releases = requireNonNull(releases, "releases is null");
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
        return execute(transaction, request, actor, true);
    }

    /**
     * Deploys as part of a release train: the same checks and history, but no event of its own — the train records
     * one event per environment, listing what it deployed and queued.
     */
    public DeployOutcome deployForTrain(Transaction transaction, DeployRequest request, Actor actor) {
        if (request.reason() != DeploymentReason.TRAIN || request.trainId().isEmpty()) {
            throw new IllegalArgumentException("a train deploy names its train");
        }
        return execute(transaction, request, actor, false);
    }

    private DeployOutcome execute(Transaction transaction, DeployRequest request, Actor actor, boolean recordEvent) {
        Handle handle = transaction.handle();
        Environment environment = environments.get(handle, request.environment());
        Application application = lockApplication(handle, request.application());
        Release release = releases.findRelease(handle, request.application(), request.version())
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "application %s has no release %s".formatted(request.application(), request.version()),
                        Map.of(
                                "application",
                                request.application().value(),
                                "version",
                                request.version().value())));
        if (!release.hasManifestFor(request.environment())) {
            throw new TrebuchetException(
                    ErrorCode.NO_MANIFEST_FOR_ENVIRONMENT,
                    "release %s of %s has no manifest for environment %s; it has manifests for %s"
                            .formatted(
                                    request.version(),
                                    request.application(),
                                    request.environment(),
                                    release.manifests().keySet().stream()
                                            .map(EnvName::value)
                                            .collect(Collectors.joining(", "))),
                    Map.of(
                            "application", request.application().value(),
                            "environment", request.environment().value(),
                            "version", request.version().value()));
        }
        List<Finding> policyErrors = Policies.errors(environment
                .config()
                .policyRules()
                .judge(releases.violations(handle, request.application(), request.version(), request.environment())
                        .orElse(List.of())));
        if (!policyErrors.isEmpty()) {
            throw PolicyRefusal.of(
                    "release %s of %s".formatted(request.version(), request.application()),
                    Map.of(request.environment(), policyErrors));
        }
        Optional<Deployment> current = store.find(handle, request.application(), request.environment());
        if (current.isPresent() && current.get().version().equals(request.version())) {

            clearQueued(handle, request.application(), request.environment(), request.version());
            return new DeployOutcome(
                    DeployOutcome.Result.UNCHANGED,
                    current,
                    current.map(Deployment::version),
                    Optional.empty(),
                    List.of());
        }
        Instant now = clock.instant();
        List<Blocker> blockers = Blockers.of(
                locks.locksIn(handle, request.environment()),
                environment.config().freezeWindows(),
                request.application(),
                application.team(),
                now);
        if (!blockers.isEmpty()) {
            switch (request.lockBehavior()) {
                case FAIL -> throw blocked(request, blockers);
                case RECORD -> {
                    return queue(transaction, request, actor, blockers, recordEvent, now);
                }
                case IGNORE -> {
                    // Deploys below, and the event names what it went through.
                }
            }
        }
        Deployment deployment = new Deployment(
                request.application(),
                request.environment(),
                request.version(),
                now,
                actor,
                request.reason(),
                request.trainId());
        Optional<Version> previous = current.map(Deployment::version);
        store.upsert(handle, deployment, current.isPresent());
        store.recordHistory(
                handle,
                request.application(),
                request.environment(),
                Optional.of(request.version()),
                previous,
                now,
                actor,
                request.reason(),
                request.trainId());
        clearQueued(handle, request.application(), request.environment(), request.version());
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
                                    previous,
                                    request.reason().label(),
                                    request.trainId(),
                                    describe(blockers))));
        }
        return new DeployOutcome(
                DeployOutcome.Result.DEPLOYED, Optional.of(deployment), previous, Optional.empty(), blockers);
    }

    private DeployOutcome queue(
            Transaction transaction,
            DeployRequest request,
            Actor actor,
            List<Blocker> blockers,
            boolean recordEvent,
            Instant now) {
        Handle handle = transaction.handle();
        Optional<QueuedVersion> existing = store.findQueued(handle, request.application(), request.environment());
        if (existing.isPresent() && existing.get().version().isNewerThan(request.version())) {
            // A newer version waits already; an older one does not replace it.
            return new DeployOutcome(
                    DeployOutcome.Result.QUEUED, Optional.empty(), Optional.empty(), existing, blockers);
        }
        QueuedVersion queued = new QueuedVersion(
                request.application(),
                request.environment(),
                request.version(),
                now,
                actor,
                request.reason(),
                describe(blockers));
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
                                    request.version(), request.reason().label(), describe(blockers))));
        }
        return new DeployOutcome(
                DeployOutcome.Result.QUEUED, Optional.empty(), Optional.empty(), Optional.of(queued), blockers);
    }

    private static TrebuchetException blocked(DeployRequest request, List<Blocker> blockers) {
        return new TrebuchetException(
                ErrorCode.DEPLOYMENT_BLOCKED,
                "%s cannot be deployed to %s now: %s. Deploy with lockBehavior 'ignore' to go through, or wait."
                        .formatted(
                                request.application(),
                                request.environment(),
                                blockers.stream().map(Blocker::describe).collect(Collectors.joining("; "))),
                Map.of(
                        "application", request.application().value(),
                        "environment", request.environment().value(),
                        "blockedBy", blockers));
    }

    private static List<String> describe(List<Blocker> blockers) {
        return blockers.stream()
                .map(blocker -> blocker.cause().name() + ": " + blocker.describe())
                .toList();
    }

    /** A deploy of {@code version} or newer settles a queued version; an older one (a rollback) leaves it. */
    private void clearQueued(Handle handle, AppName application, EnvName environment, Version version) {
        store.findQueued(handle, application, environment)
                .filter(queued -> !queued.version().isNewerThan(version))
                .ifPresent(queued -> store.deleteQueued(handle, application, environment));
    }

    @Override
    public List<AutoDeployment> released(Transaction transaction, Release release, Actor actor) {
        Handle handle = transaction.handle();
        Map<EnvName, Version> deployed = store.listByApplication(handle, release.application()).stream()
                .collect(Collectors.toMap(Deployment::environment, Deployment::version));
        List<AutoDeployment> outcomes = new ArrayList<>();
        for (AutoDeployment step : AutoDeploy.plan(release, environments.list(handle), deployed)) {
            if (!step.deployed()) {
                outcomes.add(step);
                continue;
            }
            DeployOutcome outcome = deploy(
                    transaction,
                    new DeployRequest(
                            release.application(),
                            step.environment(),
                            release.version(),
                            DeploymentReason.AUTO,
                            Optional.empty(),
                            LockBehavior.RECORD),
                    actor);
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
        if (!releases.lockApplication(handle, application)) {
            throw Application.notFound(application);
        }
        return releases.findApplication(handle, application).orElseThrow(() -> Application.notFound(application));
    }

    private void requireApplication(Handle handle, AppName application) {
        if (releases.findApplication(handle, application).isEmpty()) {
            throw Application.notFound(application);
        }
    }
}
