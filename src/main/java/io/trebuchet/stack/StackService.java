package io.trebuchet.stack;

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
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.deploy.DeployOutcome;
import io.trebuchet.deploy.DeployRequest;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.Deployment;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockChange;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockTarget;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import io.trebuchet.store.StoreErrors;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Declares stacks and deploys, removes and locks their applications together, each operation in one transaction. */
public final class StackService {
    private final Database database;
    private final ReleaseService releases;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final DeployService deploys;
    private final LockService locks;
    private final EventLog events;
    private final Clock clock;
    private final StackStore store = new StackStore();

    public StackService(
            Database database,
            ReleaseService releases,
            ApplicationService applications,
            EnvironmentService environments,
            DeployService deploys,
            LockService locks,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public List<Stack> list() {
        return database.read(this::list);
    }

    public List<Stack> list(Handle handle) {
        return store.list(handle, members(handle));
    }

    public Stack get(StackName name) {
        return database.read(handle -> get(handle, name));
    }

    public Stack get(Handle handle, StackName name) {
        return store.find(handle, name, members(handle)).orElseThrow(() -> notFound(name));
    }

    /** Creates or changes a stack; declaring it as it is changes nothing and records no event. */
    public StackChange put(StackName name, StackDefinition definition, Actor actor) {
        return database.inTransaction(transaction -> put(transaction, name, definition, actor));
    }

    public StackChange put(Transaction transaction, StackName name, StackDefinition definition, Actor actor) {
        Handle handle = transaction.handle();
        Instant now = clock.instant();
        Optional<Stack> existing = store.find(handle, name, members(handle));
        if (existing.isPresent()) {
            if (existing.get().description().equals(definition.description())
                    && existing.get().values().equals(definition.values())) {
                return new StackChange(existing.get(), false, false);
            }
            store.update(handle, name, definition, now);
        } else {
            store.insert(handle, name, definition, now);
        }
        events.append(
                transaction,
                actor,
                new NewEvent(
                        existing.isPresent() ? EventKind.STACK_UPDATED : EventKind.STACK_CREATED,
                        Optional.empty(),
                        Optional.empty(),
                        new EventPayload.StackChanged(
                                name,
                                definition.description(),
                                Optional.of(Json.mapper().valueToTree(definition.values())))));
        return new StackChange(get(handle, name), existing.isEmpty(), true);
    }

    /** Deletes a stack that no application names. */
    public Stack delete(StackName name, Actor actor) {
        return database.inTransaction(transaction -> delete(transaction, name, actor));
    }

    public Stack delete(Transaction transaction, StackName name, Actor actor) {
        Handle handle = transaction.handle();
        Stack stack = get(handle, name);
        if (!stack.applications().isEmpty()) {
            throw inUse(stack);
        }
        try {
            if (store.delete(handle, name) != 1) {
                throw notFound(name);
            }
        } catch (RuntimeException e) {
            if (StoreErrors.isForeignKeyViolation(e)) {
                throw inUse(stack);
            }
            throw e;
        }
        events.append(
                transaction,
                actor,
                new NewEvent(
                        EventKind.STACK_DELETED,
                        Optional.empty(),
                        Optional.empty(),
                        new EventPayload.StackChanged(name, Optional.empty(), Optional.empty())));
        return stack;
    }

    /**
     * Deploys the stack's applications to an environment: each the version given, or else its newest release with a
     * manifest there. All or nothing: with {@code fail}, one blocked application refuses the whole deploy.
     */
    public List<StackStep> deploy(
            StackName name,
            EnvName environment,
            Map<AppName, Version> versions,
            LockBehavior lockBehavior,
            Actor actor) {
        return database.inTransaction(transaction -> {
            Handle handle = transaction.handle();
            environments.get(handle, environment);
            Stack stack = get(handle, name);
            List<String> strangers = versions.keySet().stream()
                    .filter(application -> !stack.applications().contains(application))
                    .map(AppName::value)
                    .toList();
            if (!strangers.isEmpty()) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "versions name applications that are not in stack %s: %s"
                                .formatted(name, String.join(", ", strangers)),
                        Map.of("applications", strangers));
            }
            List<StackStep> steps = new ArrayList<>();
            for (AppName application : stack.applications()) {
                Optional<Version> version = Optional.ofNullable(versions.get(application))
                        .or(() -> releases.latestVersionFor(handle, application, environment));
                if (version.isEmpty()) {
                    steps.add(new StackStep(
                            application,
                            "skipped",
                            Optional.empty(),
                            Optional.of("no release has a manifest for " + environment)));
                    continue;
                }
                DeployOutcome outcome = deploys.deploy(
                        transaction,
                        DeployRequest.manual(application, environment, version.get(), lockBehavior),
                        actor);
                steps.add(new StackStep(
                        application,
                        outcome.result().label(),
                        version,
                        outcome.blockedBy().isEmpty()
                                ? Optional.empty()
                                : Optional.of(outcome.blockedBy().stream()
                                        .map(Blocker::describe)
                                        .collect(Collectors.joining("; ")))));
            }
            return List.copyOf(steps);
        });
    }

    /** Removes the stack's applications from an environment; those that do not run there are reported as skipped. */
    public List<StackStep> remove(StackName name, EnvName environment, Actor actor) {
        return database.inTransaction(transaction -> {
            Stack stack = get(transaction.handle(), name);
            List<StackStep> steps = new ArrayList<>();
            for (AppName application : stack.applications()) {
                Optional<Deployment> removed = deploys.remove(transaction, application, environment, actor);
                steps.add(
                        removed.isPresent()
                                ? new StackStep(
                                        application, "removed", removed.map(Deployment::version), Optional.empty())
                                : new StackStep(
                                        application,
                                        "skipped",
                                        Optional.empty(),
                                        Optional.of("does not run in " + environment)));
            }
            return List.copyOf(steps);
        });
    }

    /** Puts an application lock with the same id on each application of the stack in an environment. */
    public List<Lock> lock(StackName name, EnvName environment, LockId id, LockRequest request, Actor actor) {
        return database.inTransaction(transaction -> {
            Stack stack = get(transaction.handle(), name);
            if (stack.applications().isEmpty()) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "stack %s has no applications to lock".formatted(name),
                        Map.of("stack", name.value()));
            }
            List<Lock> created = new ArrayList<>();
            for (AppName application : stack.applications()) {
                LockChange change = locks.put(
                        transaction,
                        new LockTarget.Application(environment, application),
                        id,
                        request,
                        Optional.empty(),
                        actor);
                created.add(change.lock());
            }
            return List.copyOf(created);
        });
    }

    /** Deletes the application lock {@code id} from each application of the stack in an environment that has it. */
    public List<Lock> unlock(StackName name, EnvName environment, LockId id, Actor actor) {
        return database.inTransaction(transaction -> {
            Stack stack = get(transaction.handle(), name);
            List<Lock> deleted = new ArrayList<>();
            for (AppName application : stack.applications()) {
                LockTarget target = new LockTarget.Application(environment, application);
                boolean present = locks.locksIn(transaction.handle(), environment).stream()
                        .anyMatch(lock ->
                                lock.id().equals(id) && lock.application().equals(target.application()));
                if (present) {
                    deleted.add(locks.delete(transaction, target, id, actor));
                }
            }
            if (deleted.isEmpty()) {
                throw new TrebuchetException(
                        ErrorCode.LOCK_NOT_FOUND,
                        "no application of stack %s has a lock %s in %s".formatted(name, id, environment),
                        Map.of("stack", name.value(), "id", id.value()));
            }
            return List.copyOf(deleted);
        });
    }

    private Map<StackName, List<AppName>> members(Handle handle) {
        Map<StackName, List<AppName>> members = new TreeMap<>();
        for (Application application : applications.list(handle)) {
            application
                    .stack()
                    .ifPresent(stack -> members.computeIfAbsent(stack, ignored -> new ArrayList<>())
                            .add(application.name()));
        }
        return members;
    }

    private static TrebuchetException inUse(Stack stack) {
        return new TrebuchetException(
                ErrorCode.STACK_IN_USE,
                "stack %s still has applications: %s; move them out first"
                        .formatted(
                                stack.name(),
                                stack.applications().stream()
                                        .map(AppName::value)
                                        .collect(Collectors.joining(", "))),
                Map.of("stack", stack.name().value(), "applications", stack.applications()));
    }

    static TrebuchetException notFound(StackName name) {
        return new TrebuchetException(
                ErrorCode.STACK_NOT_FOUND, "stack %s does not exist".formatted(name), Map.of("stack", name.value()));
    }
}
