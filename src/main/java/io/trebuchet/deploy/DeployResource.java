package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deploy, remove and undeploy routes, and the deployment history. */
public final class DeployResource implements HttpResource {
    private final DeployService service;

    public DeployResource(DeployService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/environments/{env}/applications/{app}/deploy", this::deploy);
        routes.delete("/api/v1/environments/{env}/applications/{app}", this::remove);
        routes.delete("/api/v1/applications/{app}", this::undeploy);
        routes.get(
                "/api/v1/applications/{app}/deployments",
                context -> context.json(Map.of("deployments", service.deployments(Requests.application(context)))));
        routes.get("/api/v1/applications/{app}/history", this::history);
        routes.get("/api/v1/holds", context -> context.json(Map.of("holds", service.holds())));
        routes.delete(
                "/api/v1/environments/{env}/applications/{app}/hold",
                context -> context.json(Map.of(
                        "released",
                        service.releaseHold(
                                Requests.application(context),
                                Requests.environment(context),
                                Requests.actor(context)))));
    }

    /**
     * The body of a deploy request; {@code lockBehavior} defaults to {@code fail}. With {@code lock} (the fields of a
     * lock request), the application is also locked there after the deploy, in the same transaction, under
     * {@code lockId} or a generated {@code deploy-...} id.
     */
    record DeployBody(
            Version version, Optional<LockBehavior> lockBehavior, Optional<LockRequest> lock, Optional<LockId> lockId) {
        @JsonCreator
        DeployBody(
                @JsonProperty(value = "version", required = true) Version version,
                @JsonProperty("lockBehavior") Optional<LockBehavior> lockBehavior,
                @JsonProperty("lock") Optional<LockRequest> lock,
                @JsonProperty("lockId") Optional<LockId> lockId) {
            if (version == null) {
                throw new TrebuchetException(ErrorCode.INVALID_VERSION, "version is missing");
            }
            this.version = version;
            this.lockBehavior = lockBehavior == null ? Optional.empty() : lockBehavior;
            this.lock = lock == null ? Optional.empty() : lock;
            this.lockId = lockId == null ? Optional.empty() : lockId;
            if (this.lockId.isPresent() && this.lock.isEmpty()) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "lockId without lock: give the lock (at least its message) to deploy and lock",
                        Map.of("field", "lock"));
            }
        }
    }

    private void deploy(Context context) {
        EnvName environment = Requests.environment(context);
        AppName application = Requests.application(context);
        DeployBody body = Requests.body(context, DeployBody.class, "deploy request");
        DeployRequest request = DeployRequest.manual(
                application, environment, body.version(), body.lockBehavior().orElse(LockBehavior.FAIL));
        DeployOutcome outcome;
        Optional<Lock> lock = Optional.empty();
        if (body.lock().isPresent()) {
            DeployService.LockedDeploy done = service.deployAndLock(
                    request,
                    body.lockId().orElseGet(() -> LockId.generate("deploy-")),
                    body.lock().get(),
                    Requests.actor(context));
            outcome = done.deploy();
            lock = Optional.of(done.lock().lock());
        } else {
            outcome = service.deploy(request, Requests.actor(context));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("result", outcome.result());
        outcome.deployment().ifPresent(deployment -> response.put("deployment", deployment));
        response.put("changed", outcome.changed());
        outcome.previousVersion().ifPresent(previous -> response.put("previousVersion", previous));
        outcome.queued().ifPresent(queued -> response.put("queued", queued));
        if (!outcome.blockedBy().isEmpty()) {
            response.put(outcome.changed() ? "ignoredBlockers" : "blockedBy", outcome.blockedBy());
        }
        lock.ifPresent(put -> response.put("lock", put));
        context.json(response);
    }

    private void remove(Context context) {
        Deployment removed =
                service.remove(Requests.application(context), Requests.environment(context), Requests.actor(context));
        context.json(Map.of("removed", removed));
    }

    private void undeploy(Context context) {
        List<Deployment> removed = service.undeploy(Requests.application(context), Requests.actor(context));
        context.json(Map.of("removed", removed));
    }

    private void history(Context context) {
        AppName application = Requests.application(context);
        Optional<EnvName> environment = Requests.query(context, "environment").map(EnvName::of);
        long before = Requests.queryLong(context, "before", Long.MAX_VALUE);
        int limit = Requests.queryInt(context, "limit", 100);
        List<DeploymentChange> changes = service.history(application, environment, before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("history", changes);
        if (changes.size() == limit) {
            body.put("nextBefore", changes.getLast().id());
        }
        context.json(body);
    }
}
