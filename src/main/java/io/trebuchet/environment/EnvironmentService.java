package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import io.trebuchet.store.NamedLocks;
import io.trebuchet.store.StoreErrors;
import io.trebuchet.store.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** Creates, changes, reads and deletes environments, keeping their upstream links a forest. */
public final class EnvironmentService {
    private final Database database;
    private final EventLog events;
    private final Clock clock;
    private final EnvironmentStore store = new EnvironmentStore();

    public EnvironmentService(Database database, EventLog events, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** All environments in upstream order. */
    public List<Environment> list() {
        return database.read(this::list);
    }

    public List<Environment> list(Handle handle) {
        List<Environment> environments = store.list(handle);
        Map<EnvName, Environment> byName =
                environments.stream().collect(Collectors.toMap(Environment::name, Function.identity()));
        return graph(environments).upstreamOrder().stream().map(byName::get).toList();
    }

    public Environment get(EnvName name) {
        return database.read(handle -> get(handle, name));
    }

    public Environment get(Handle handle, EnvName name) {
        return find(handle, name)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.ENVIRONMENT_NOT_FOUND,
                        "environment %s does not exist".formatted(name),
                        Map.of("environment", name.value())));
    }

    public Optional<Environment> find(Handle handle, EnvName name) {
        return store.find(handle, name);
    }

    public EnvironmentGraph graph(Handle handle) {
        return graph(store.list(handle));
    }

    private static EnvironmentGraph graph(List<Environment> environments) {
        return EnvironmentGraph.of(
                environments.stream().collect(Collectors.toMap(Environment::name, Environment::config)));
    }

    /** Creates or replaces the config of {@code name}; an identical config changes nothing and records no event. */
    public EnvironmentChange put(EnvName name, EnvironmentConfig config, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> put(transaction, name, config, actor));
    }

    public EnvironmentChange put(Transaction transaction, EnvName name, EnvironmentConfig config, Actor actor) {
        config.checkDestinations(name);
        Handle handle = transaction.handle();
        NamedLocks.lock(handle, "environments");
        List<Environment> environments = store.list(handle);
        Map<EnvName, EnvironmentConfig> configs = new HashMap<>();
        environments.forEach(environment -> configs.put(environment.name(), environment.config()));
        configs.put(name, config);
        Optional<EnvName> missingUpstream = Optional.ofNullable(
                EnvironmentGraph.of(configs).missingUpstreams().get(name));

        Optional<Environment> existing = environments.stream()
                .filter(environment -> environment.name().equals(name))
                .findFirst();
        Instant now = clock.instant();
        if (existing.isPresent()) {
            if (existing.get().config().equals(config)) {
                return new EnvironmentChange(existing.get(), false, false, missingUpstream);
            }
            Environment updated = new Environment(name, config, existing.get().createdAt(), now);
            store.update(handle, updated);
            store.recordHistory(handle, name, Optional.of(config), now, actor);
            events.append(
                    transaction,
                    actor,
                    NewEvent.ofEnvironment(
                            EventKind.ENVIRONMENT_UPDATED,
                            name,
                            new EventPayload.EnvironmentChanged(
                                    Json.mapper().valueToTree(config),
                                    Optional.of(Json.mapper()
                                            .valueToTree(existing.get().config())))));
            return new EnvironmentChange(updated, false, true, missingUpstream);
        }
        Environment created = new Environment(name, config, now, now);
        store.insert(handle, created);
        store.recordHistory(handle, name, Optional.of(config), now, actor);
        events.append(transaction, actor, NewEvent.ofEnvironment(EventKind.ENVIRONMENT_CREATED, name, changed(config)));
        return new EnvironmentChange(created, true, true, missingUpstream);
    }

    /** What {@link #put(EnvName, EnvironmentConfig, Actor)} would do, with every check, changing nothing. */
    public EnvironmentChange putDryRun(EnvName name, EnvironmentConfig config, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(actor, "actor is null");
        return database.inRolledBackTransaction(transaction -> put(transaction, name, config, actor));
    }

    /** What {@link #delete(EnvName, Actor)} would do, with every check, changing nothing. */
    public Environment deleteDryRun(EnvName name, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(actor, "actor is null");
        return database.inRolledBackTransaction(transaction -> delete(transaction, name, actor));
    }

    /** Deletes an environment that no other environment names as upstream and that runs no application. */
    public Environment delete(EnvName name, Actor actor) {
        requireNonNull(name, "name is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> delete(transaction, name, actor));
    }

    public Environment delete(Transaction transaction, EnvName name, Actor actor) {
        Handle handle = transaction.handle();
        NamedLocks.lock(handle, "environments");
        Environment environment = get(handle, name);
        List<EnvName> downstream = graph(handle).downstreamOf(name);
        if (!downstream.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.ENVIRONMENT_IN_USE,
                    "environment %s is the upstream of %s; change their upstream first"
                            .formatted(
                                    name,
                                    downstream.stream().map(EnvName::value).collect(Collectors.joining(", "))),
                    Map.of("environment", name.value(), "downstream", downstream));
        }
        try {
            store.delete(handle, name);
        } catch (RuntimeException e) {
            if (StoreErrors.isForeignKeyViolation(e)) {
                throw new TrebuchetException(
                        ErrorCode.ENVIRONMENT_NOT_EMPTY,
                        "environment %s still runs applications; remove them from it first".formatted(name),
                        Map.of("environment", name.value()));
            }
            throw e;
        }
        Instant now = clock.instant();
        store.recordHistory(handle, name, Optional.empty(), now, actor);
        events.append(
                transaction,
                actor,
                NewEvent.ofEnvironment(EventKind.ENVIRONMENT_DELETED, name, changed(environment.config())));
        return environment;
    }

    private static EventPayload.EnvironmentChanged changed(EnvironmentConfig config) {
        return new EventPayload.EnvironmentChanged(Json.mapper().valueToTree(config), Optional.empty());
    }
}
