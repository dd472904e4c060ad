package io.trebuchet.stack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.LockBehavior;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Stack routes: declare, read and delete stacks; deploy, remove and lock a stack in an environment. */
public final class StackResource implements HttpResource {
    private final StackService service;

    public StackResource(StackService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/stacks", context -> context.json(Map.of("stacks", service.list())));
        routes.get("/api/v1/stacks/{stack}", context -> context.json(service.get(stack(context))));
        routes.put("/api/v1/stacks/{stack}", this::put);
        routes.delete("/api/v1/stacks/{stack}", context -> {
            service.delete(stack(context), Requests.actor(context));
            context.status(204);
        });
        routes.post("/api/v1/environments/{env}/stacks/{stack}/deploy", this::deploy);
        routes.delete(
                "/api/v1/environments/{env}/stacks/{stack}",
                context -> context.json(Map.of(
                        "steps",
                        service.remove(stack(context), Requests.environment(context), Requests.actor(context)))));
        routes.put(
                "/api/v1/locks/stack/{env}/{stack}/{id}",
                context -> context.status(201)
                        .json(Map.of(
                                "locks",
                                service.lock(
                                        stack(context),
                                        Requests.environment(context),
                                        LockId.of(context.pathParam("id")),
                                        Requests.body(context, LockRequest.class, "lock"),
                                        Requests.actor(context)))));
        routes.delete(
                "/api/v1/locks/stack/{env}/{stack}/{id}",
                context -> context.json(Map.of(
                        "deleted",
                        service.unlock(
                                stack(context),
                                Requests.environment(context),
                                LockId.of(context.pathParam("id")),
                                Requests.actor(context)))));
    }

    private void put(Context context) {
        StackDefinition definition = context.body().isBlank()
                ? new StackDefinition(Optional.empty(), Map.of())
                : Requests.body(context, StackDefinition.class, "stack");
        StackChange change = service.put(stack(context), definition, Requests.actor(context));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", change.stack());
        body.put("created", change.created());
        body.put("changed", change.changed());
        context.status(change.created() ? 201 : 200).json(body);
    }

    /** The body of a stack deploy: versions per application (else each one's newest), and the lock behaviour. */
    record DeployBody(Map<AppName, Version> versions, Optional<LockBehavior> lockBehavior) {
        @JsonCreator
        DeployBody(
                @JsonProperty("versions") Map<AppName, Version> versions,
                @JsonProperty("lockBehavior") Optional<LockBehavior> lockBehavior) {
            this.versions = versions == null ? Map.of() : Map.copyOf(versions);
            this.lockBehavior = lockBehavior == null ? Optional.empty() : lockBehavior;
        }
    }

    private void deploy(Context context) {
        DeployBody body = context.body().isBlank()
                ? new DeployBody(Map.of(), Optional.empty())
                : Requests.body(context, DeployBody.class, "stack deploy");
        EnvName environment = Requests.environment(context);
        context.json(Map.of(
                "steps",
                service.deploy(
                        stack(context),
                        environment,
                        body.versions(),
                        body.lockBehavior().orElse(LockBehavior.FAIL),
                        Requests.actor(context))));
    }

    private static StackName stack(Context context) {
        return StackName.of(context.pathParam("stack"));
    }
}
