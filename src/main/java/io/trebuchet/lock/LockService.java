package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Puts, deletes and lists locks; tells other features which locks exist in an environment. */
public final class LockService {
    private final Database database;
    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final EventLog events;
    private final Clock clock;
    private final LockStore store = new LockStore();

    public LockService(
            Database database,
            EnvironmentService environments,
            ApplicationService applications,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Creates or replaces a lock; putting the same lock again changes nothing. */
    public LockChange put(LockTarget target, LockId id, LockRequest request, Actor actor) {
        return database.inTransaction(transaction -> put(transaction, target, id, request, Optional.empty(), actor));
    }

    /** Puts an environment lock with the same id on every member of a group. */
    public List<LockChange> putGroup(GroupName group, LockId id, LockRequest request, Actor actor) {
        return database.inTransaction(transaction -> {
            List<LockChange> changes = new ArrayList<>();
            for (EnvName member : members(transaction.handle(), group)) {
                changes.add(
                        put(transaction, new LockTarget.Environment(member), id, request, Optional.of(group), actor));
            }
            return List.copyOf(changes);
        });
    }

    public LockChange put(
            Transaction transaction,
            LockTarget target,
            LockId id,
            LockRequest request,
            Optional<GroupName> group,
            Actor actor) {
        return put(transaction, target, id, request, group, actor, clock.instant());
    }

    /**
     * Puts a lock as created at {@code createdAt} by {@code actor}: an import keeps who locked and when, which is what
     * a person reading the lock needs to know whether it still matters.
     */
    public LockChange put(
            Transaction transaction,
            LockTarget target,
            LockId id,
            LockRequest request,
            Optional<GroupName> group,
            Actor actor,
            Instant createdAt) {
        requireNonNull(createdAt, "createdAt is null");
        Handle handle = transaction.handle();
        environments.get(handle, target.environment());
        target.application().ifPresent(application -> requireApplication(handle, application));
        Instant now = clock.instant();
        if (request.expiry(now).filter(expiry -> !expiry.isAfter(now)).isPresent()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_LOCK,
                    "expiresAt %s is not in the future; a lock that never applies is a mistake"
                            .formatted(request.expiry(now).orElseThrow()),
                    Map.of("field", "expiresAt"));
        }
        Optional<Lock> existing = store.find(handle, target, id);
        Lock lock = new Lock(
                target.kind(),
                target.environment(),
                target.application(),
                target.team(),
                id,
                request.message(),
                actor,
                createdAt,
                request.ciLink(),
                request.expiry(now),
                request.lifetime(),
                request.schedule(),
                group);
        if (existing.isPresent()) {
            if (sameContent(existing.get(), lock)) {
                return new LockChange(existing.get(), false, false);
            }
            store.update(handle, lock);
            store.recordHistory(handle, lock, "updated", createdAt, actor);
            events.append(transaction, actor, event(EventKind.LOCK_UPDATED, lock));
            return new LockChange(lock, false, true);
        }
        store.insert(handle, lock);
        store.recordHistory(handle, lock, "created", createdAt, actor);
        events.append(transaction, actor, event(EventKind.LOCK_CREATED, lock));
        return new LockChange(lock, true, true);
    }

    public Lock delete(LockTarget target, LockId id, Actor actor) {
        return database.inTransaction(transaction -> delete(transaction, target, id, actor));
    }

    /** Deletes the environment lock {@code id} from every member of a group that has it. */
    public List<Lock> deleteGroup(GroupName group, LockId id, Actor actor) {
        return database.inTransaction(transaction -> {
            List<Lock> deleted = new ArrayList<>();
            for (EnvName member : members(transaction.handle(), group)) {
                LockTarget target = new LockTarget.Environment(member);
                if (store.find(transaction.handle(), target, id).isPresent()) {
                    deleted.add(delete(transaction, target, id, actor));
                }
            }
            if (deleted.isEmpty()) {
                throw new TrebuchetException(
                        ErrorCode.LOCK_NOT_FOUND,
                        "no environment of group %s has a lock %s".formatted(group, id),
                        Map.of("group", group.value(), "id", id.value()));
            }
            return List.copyOf(deleted);
        });
    }

    public Lock delete(Transaction transaction, LockTarget target, LockId id, Actor actor) {
        Handle handle = transaction.handle();
        environments.get(handle, target.environment());
        Lock lock = store.find(handle, target, id)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.LOCK_NOT_FOUND,
                        "there is no %s lock %s in environment %s"
                                .formatted(target.kind().label(), id, target.environment()),
                        Map.of("environment", target.environment().value(), "id", id.value())));
        if (store.delete(handle, lock) != 1) {
            throw new TrebuchetException(
                    ErrorCode.LOCK_NOT_FOUND,
                    "lock %s in environment %s was deleted by someone else just now"
                            .formatted(id, target.environment()),
                    Map.of("environment", target.environment().value(), "id", id.value()));
        }
        Instant now = clock.instant();
        store.recordHistory(handle, lock, "deleted", now, actor);
        events.append(transaction, actor, event(EventKind.LOCK_DELETED, lock));
        return lock;
    }

    /** Every lock, with its state now, filtered. */
    public List<LockView> list(LockFilter filter) {
        Instant now = clock.instant();
        return database.read(handle -> store.list(handle)).stream()
                .filter(filter::matches)
                .map(lock -> view(lock, now))
                .filter(view ->
                        filter.state().map(state -> state == view.state()).orElse(true))
                .toList();
    }

    /** The lock with its state now. */
    public LockView view(Lock lock) {
        return view(lock, clock.instant());
    }

    public static LockView view(Lock lock, Instant now) {
        return new LockView(lock, LockCheck.state(lock, now), LockCheck.pastSuggestedLifetime(lock, now));
    }

    /** The locks of one environment, whatever their state. */
    public List<Lock> locksIn(Handle handle, EnvName environment) {
        return store.listIn(handle, environment);
    }

    /** Every lock, whatever its state. */
    public List<Lock> all(Handle handle) {
        return store.list(handle);
    }

    private List<EnvName> members(Handle handle, GroupName group) {
        List<EnvName> members = environments.list(handle).stream()
                .filter(environment -> environment.group().equals(group))
                .map(Environment::name)
                .toList();
        if (members.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.ENVIRONMENT_GROUP_NOT_FOUND,
                    "no environment is in group %s".formatted(group),
                    Map.of("group", group.value()));
        }
        return members;
    }

    private void requireApplication(Handle handle, AppName application) {
        applications.get(handle, application);
    }

    private static boolean sameContent(Lock existing, Lock requested) {
        return existing.message().equals(requested.message())
                && existing.ciLink().equals(requested.ciLink())
                && existing.expiresAt().equals(requested.expiresAt())
                && existing.suggestedLifetime().equals(requested.suggestedLifetime())
                && existing.schedule().equals(requested.schedule())
                && existing.group().equals(requested.group())
                && existing.author().equals(requested.author());
    }

    private static NewEvent event(EventKind kind, Lock lock) {
        return new NewEvent(
                kind,
                lock.application(),
                Optional.of(lock.environment()),
                new EventPayload.LockChanged(
                        lock.kind().label(),
                        lock.id().value(),
                        lock.team(),
                        lock.group(),
                        lock.message(),
                        lock.expiresAt(),
                        lock.schedule().map(schedule -> Json.mapper().valueToTree(schedule))));
    }
}
