package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.store.Database;
import io.trebuchet.store.StoreErrors;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The application registry: declaring an application (team, stack, template, values), archiving it, finding it, and
 * the row lock under which every change to one application's releases and deployments is made. Releases, deploys,
 * locks, trains, stacks, values and configuration as code ask here, never the applications table.
 */
public final class ApplicationService {
    private final Database database;
    private final ApplicationStore store;
    private final EnvironmentService environments;
    private final EventLog events;
    private final Clock clock;

    public ApplicationService(
            Database database, ApplicationStore store, EnvironmentService environments, EventLog events, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.store = requireNonNull(store, "store is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Declares an application in its own transaction; see {@link #put(Transaction, AppName, ApplicationSpec, Actor)}. */
    public ApplicationChange put(AppName name, ApplicationSpec spec, Actor actor) {
        return database.inTransaction(transaction -> put(transaction, name, spec, actor));
    }

    /**
     * Creates an application that has no release yet, or sets its team, stack, template and values, inside the
     * caller's transaction: what configuration as code and {@code PUT /api/v1/applications/{app}} declare. Declaring
     * it as it is changes nothing and records no event. The stack must exist.
     */
    public ApplicationChange put(Transaction transaction, AppName name, ApplicationSpec spec, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(actor, "actor is null");
        Handle handle = transaction.handle();
        Instant now = clock.instant();
        boolean created = store.lockOrCreate(handle, name, now);
        ApplicationSpec before = spec(handle, name);
        if (!created && before.equals(spec)) {
            return new ApplicationChange(get(handle, name), false, false);
        }
        spec.settings().environmentValues().keySet().forEach(environment -> environments.get(handle, environment));
        spec.settings().environments().forEach(environment -> environments.get(handle, environment));
        try {
            store.setSpec(handle, name, spec, now);
        } catch (RuntimeException e) {
            if (StoreErrors.isForeignKeyViolation(e)) {
                throw new TrebuchetException(
                        ErrorCode.STACK_NOT_FOUND,
                        "stack %s does not exist; create it first"
                                .formatted(spec.stack().orElseThrow()),
                        Map.of("stack", spec.stack().map(Object::toString).orElse("")));
            }
            throw e;
        }
        events.append(
                transaction,
                actor,
                NewEvent.ofApplication(
                        created ? EventKind.APPLICATION_CREATED : EventKind.APPLICATION_UPDATED,
                        name,
                        new EventPayload.ApplicationChanged(
                                spec.team(),
                                spec.stack(),
                                spec.settings().template().isPresent(),
                                created ? Optional.empty() : before.team(),
                                created ? Optional.empty() : before.stack())));
        return new ApplicationChange(get(handle, name), created, true);
    }

    /**
     * Archives an application inside the caller's transaction; refused while it is deployed anywhere. Its releases
     * stay (history is never deleted): the application is hidden until a release or a declaration brings it back,
     * with versions continuing after its last one.
     */
    public Application archive(Transaction transaction, AppName name, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(actor, "actor is null");
        Handle handle = transaction.handle();
        Application application = lock(handle, name);
        List<String> deployedIn = store.deployedIn(handle, name);
        if (!deployedIn.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.APPLICATION_IN_USE,
                    "application %s is still deployed in %s; undeploy it first"
                            .formatted(name, String.join(", ", deployedIn)),
                    Map.of("application", name.value(), "environments", deployedIn));
        }
        store.archive(handle, name, clock.instant());
        events.append(
                transaction,
                actor,
                NewEvent.ofApplication(
                        EventKind.APPLICATION_DELETED,
                        name,
                        new EventPayload.ApplicationDeleted(application.team(), store.countReleases(handle, name))));
        return application;
    }

    /**
     * Locks the application's row for a new release inside the caller's transaction, creating the application (or
     * bringing it back from the archive) when needed; true when it was created.
     */
    public boolean lockOrCreate(Handle handle, AppName name) {
        return store.lockOrCreate(handle, name, clock.instant());
    }

    /**
     * Records what a new release says about its application, inside the transaction that took {@link #lockOrCreate}:
     * its creation, and the team the release names when that changes it.
     */
    public void announcedBy(
            Transaction transaction, AppName name, boolean created, Optional<TeamName> team, Actor actor) {
        Handle handle = transaction.handle();
        Optional<Application> before = created ? Optional.empty() : store.find(handle, name);
        team.ifPresent(named -> store.updateTeam(handle, name, named, clock.instant()));
        if (created) {
            events.append(
                    transaction,
                    actor,
                    NewEvent.ofApplication(
                            EventKind.APPLICATION_CREATED, name, EventPayload.ApplicationChanged.ofTeam(team)));
        } else if (team.isPresent() && !before.flatMap(Application::team).equals(team)) {
            events.append(
                    transaction,
                    actor,
                    NewEvent.ofApplication(
                            EventKind.APPLICATION_UPDATED, name, EventPayload.ApplicationChanged.ofTeam(team)));
        }
    }

    /** Locks an existing application's row until the transaction ends; refused for an unknown or archived one. */
    public Application lock(Handle handle, AppName name) {
        if (!store.lock(handle, name)) {
            throw Application.notFound(name);
        }
        return get(handle, name);
    }

    /**
     * Locks every application's row until the transaction ends, in name order, for a change that decides for many
     * applications at once from what it read after taking the locks.
     */
    public void lockAll(Handle handle) {
        store.lockAll(handle);
    }

    /** What is declared about an application. */
    public ApplicationSpec spec(Handle handle, AppName name) {
        Application application = get(handle, name);
        return new ApplicationSpec(application.team(), application.stack(), store.settings(handle, name));
    }

    public ApplicationSpec spec(AppName name) {
        return database.read(handle -> spec(handle, name));
    }

    /** The template and values of an application (none for an unknown one). */
    public ApplicationSettings settings(Handle handle, AppName name) {
        return store.settings(handle, name);
    }

    public ApplicationSettings settings(AppName name) {
        return database.read(handle -> settings(handle, name));
    }

    /** The number of releases an application has had, archived or not. */
    public long countReleases(Handle handle, AppName name) {
        return store.countReleases(handle, name);
    }

    public List<Application> list() {
        return database.read(this::list);
    }

    public List<Application> list(Handle handle) {
        return store.list(handle);
    }

    public Optional<Application> find(Handle handle, AppName name) {
        return store.find(handle, name);
    }

    public Application get(AppName name) {
        return database.read(handle -> get(handle, name));
    }

    /** The application, refused when there is none (or it is archived). */
    public Application get(Handle handle, AppName name) {
        return store.find(handle, name).orElseThrow(() -> Application.notFound(name));
    }
}
