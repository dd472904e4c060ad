package io.trebuchet.values;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.application.ApplicationSettings;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.audit.NewEvent;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.stack.StackService;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import io.trebuchet.template.Layer;
import io.trebuchet.template.LayerValues;
import io.trebuchet.template.MergedValue;
import io.trebuchet.template.ValueLayers;
import io.trebuchet.template.Values;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The layers of values — platform defaults, stack, application, environment, application in environment — and their
 * merge for an application, with the layer and source of each value.
 */
public final class ValuesService {
    private final Database database;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final StackService stacks;
    private final EventLog events;
    private final Clock clock;
    private final ValuesStore store = new ValuesStore();

    public ValuesService(
            Database database,
            ApplicationService applications,
            EnvironmentService environments,
            StackService stacks,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.stacks = requireNonNull(stacks, "stacks is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Map<String, Object> platformValues() {
        return database.read(this::platformValues);
    }

    public Map<String, Object> platformValues(Handle handle) {
        return store.platformValues(handle);
    }

    /** Replaces the platform's default values; the same values again change nothing. Returns whether they changed. */
    public boolean putPlatformValues(Transaction transaction, Map<String, Object> values, Actor actor) {
        Values.flatten(values, "platform values");
        Handle handle = transaction.handle();
        // Serializes concurrent changes, so that the same values twice record one event.
        store.lockPlatformValues(handle);
        Map<String, Object> before = platformValues(handle);
        if (before.equals(values)) {
            return false;
        }
        store.putPlatformValues(handle, values, clock.instant());
        events.append(
                transaction,
                actor,
                new NewEvent(
                        EventKind.PLATFORM_VALUES_UPDATED,
                        Optional.empty(),
                        Optional.empty(),
                        new EventPayload.PlatformValuesUpdated(Json.mapper().valueToTree(values))));
        return true;
    }

    public boolean putPlatformValues(Map<String, Object> values, Actor actor) {
        return database.inTransaction(transaction -> putPlatformValues(transaction, values, actor));
    }

    /** The merged values of an application, in an environment when given, with where each value came from. */
    public Map<String, MergedValue> values(AppName application, Optional<EnvName> environment) {
        return database.inSnapshot(
                transaction -> ValueLayers.merge(layers(transaction.handle(), application, environment)));
    }

    /** The layers of values for an application, lowest first; the environment layers only when one is given. */
    public List<LayerValues> layers(Handle handle, AppName name, Optional<EnvName> environment) {
        Application application = applications.get(handle, name);
        ApplicationSettings settings = applications.settings(handle, name);
        List<LayerValues> layers = new ArrayList<>();
        layers.add(
                new LayerValues(Layer.PLATFORM, "platform", Values.flatten(platformValues(handle), "platform values")));
        application
                .stack()
                .ifPresent(stack -> layers.add(new LayerValues(
                        Layer.STACK,
                        "stack " + stack,
                        Values.flatten(stacks.get(handle, stack).values(), "stack values"))));
        layers.add(new LayerValues(Layer.APPLICATION, "application " + name, settings.flatValues()));
        if (environment.isPresent()) {
            Environment env = environments.get(handle, environment.get());
            layers.add(new LayerValues(
                    Layer.ENVIRONMENT, "environment " + env.name(), env.config().flatValues()));
            layers.add(new LayerValues(
                    Layer.APPLICATION_ENVIRONMENT,
                    "application %s in %s".formatted(name, env.name()),
                    settings.flatValues(env.name())));
        }
        return layers;
    }
}
