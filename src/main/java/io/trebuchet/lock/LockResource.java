package io.trebuchet.lock;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.Accepts;
import io.trebuchet.api.BodyType;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Lock routes: Kuberpult's paths (with and without {@code /api}) and the native {@code /api/v1/locks} API. A lock
 * body is JSON ({@code {"message": "..."}} and the optional fields of {@link LockRequest}) or a form with a
 * {@code message} field.
 */
public final class LockResource implements HttpResource {
    /** JSON as the API documents it; a form field {@code message} as Kuberpult's clients may send it. */
    private static final Accepts LOCK_BODY = Accepts.of(BodyType.JSON, BodyType.MULTIPART, BodyType.FORM);

    private final LockService service;

    public LockResource(LockService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String prefix : List.of("", "/api")) {
            LOCK_BODY.put(
                    routes,
                    prefix + "/environments/{env}/locks/{id}",
                    context -> putKuberpult(context, LockResource::environment));
            routes.delete(
                    prefix + "/environments/{env}/locks/{id}",
                    context -> deleteKuberpult(context, LockResource::environment));
            LOCK_BODY.put(
                    routes,
                    prefix + "/environments/{env}/applications/{app}/locks/{id}",
                    context -> putKuberpult(context, LockResource::application));
            routes.delete(
                    prefix + "/environments/{env}/applications/{app}/locks/{id}",
                    context -> deleteKuberpult(context, LockResource::application));
            LOCK_BODY.put(routes, prefix + "/environment-groups/{group}/locks/{id}", this::putGroupKuberpult);
            routes.delete(prefix + "/environment-groups/{group}/locks/{id}", this::deleteGroupKuberpult);
        }
        LOCK_BODY.put(
                routes,
                "/api/environments/{env}/lock/team/{team}/{id}",
                context -> putKuberpult(context, LockResource::team));
        routes.delete(
                "/api/environments/{env}/lock/team/{team}/{id}",
                context -> deleteKuberpult(context, LockResource::team));

        routes.get("/api/v1/locks", this::list);
        LOCK_BODY.put(
                routes, "/api/v1/locks/environment/{env}/{id}", context -> put(context, LockResource::environment));
        routes.delete("/api/v1/locks/environment/{env}/{id}", context -> delete(context, LockResource::environment));
        LOCK_BODY.put(
                routes,
                "/api/v1/locks/application/{env}/{app}/{id}",
                context -> put(context, LockResource::application));
        routes.delete(
                "/api/v1/locks/application/{env}/{app}/{id}", context -> delete(context, LockResource::application));
        LOCK_BODY.put(routes, "/api/v1/locks/team/{env}/{team}/{id}", context -> put(context, LockResource::team));
        routes.delete("/api/v1/locks/team/{env}/{team}/{id}", context -> delete(context, LockResource::team));
        LOCK_BODY.put(routes, "/api/v1/locks/group/{group}/{id}", this::putGroup);
        routes.delete("/api/v1/locks/group/{group}/{id}", this::deleteGroup);
    }

    private void put(Context context, Function<Context, LockTarget> target) {
        LockChange change = change(context, target);
        context.status(change.created() ? 201 : 200).json(body(change));
    }

    /**
     * Kuberpult's frontend answers 200 to an environment, application or team lock PUT, new or not
     * ({@code handlePutEnvironmentLock}, {@code handlePutApplicationLock}, {@code handlePutTeamLock}); the body still
     * says whether it was created.
     */
    private void putKuberpult(Context context, Function<Context, LockTarget> target) {
        context.status(200).json(body(change(context, target)));
    }

    private LockChange change(Context context, Function<Context, LockTarget> target) {
        LockTarget resolved = target.apply(context);
        LockId id = LockId.of(context.pathParam("id"));
        return service.put(resolved, id, request(context), Requests.actor(context));
    }

    private Map<String, Object> body(LockChange change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lock", service.view(change.lock()));
        body.put("created", change.created());
        body.put("changed", change.changed());
        return body;
    }

    private void delete(Context context, Function<Context, LockTarget> target) {
        LockTarget resolved = target.apply(context);
        Lock deleted = service.delete(resolved, LockId.of(context.pathParam("id")), Requests.actor(context));
        context.json(Map.of("deleted", List.of(deleted)));
    }

    /** Kuberpult answers 200 to deleting a lock that does not exist: a CI job's cleanup step may run twice. */
    private void deleteKuberpult(Context context, Function<Context, LockTarget> target) {
        try {
            delete(context, target);
        } catch (TrebuchetException e) {
            if (e.code() != ErrorCode.LOCK_NOT_FOUND) {
                throw e;
            }
            context.status(200).json(Map.of("deleted", List.of()));
        }
    }

    private void deleteGroupKuberpult(Context context) {
        try {
            deleteGroup(context);
        } catch (TrebuchetException e) {
            if (e.code() != ErrorCode.LOCK_NOT_FOUND) {
                throw e;
            }
            context.status(200).json(Map.of("deleted", List.of()));
        }
    }

    private void putGroup(Context context) {
        List<LockChange> changes = groupChanges(context);
        context.status(changes.stream().anyMatch(LockChange::created) ? 201 : 200)
                .json(groupBody(changes));
    }

    /** Kuberpult's {@code handlePutEnvironmentGroupLock} answers 201 to every accepted group lock PUT. */
    private void putGroupKuberpult(Context context) {
        context.status(201).json(groupBody(groupChanges(context)));
    }

    private List<LockChange> groupChanges(Context context) {
        return service.putGroup(
                Requests.group(context), LockId.of(context.pathParam("id")), request(context), Requests.actor(context));
    }

    private Map<String, Object> groupBody(List<LockChange> changes) {
        boolean created = changes.stream().anyMatch(LockChange::created);
        return Map.of(
                "locks",
                changes.stream().map(change -> service.view(change.lock())).toList(),
                "created",
                created,
                "changed",
                changes.stream().anyMatch(LockChange::changed));
    }

    private void deleteGroup(Context context) {
        List<Lock> deleted = service.deleteGroup(
                Requests.group(context), LockId.of(context.pathParam("id")), Requests.actor(context));
        context.json(Map.of("deleted", deleted));
    }

    private void list(Context context) {
        LockFilter filter = new LockFilter(
                Requests.query(context, "environment").map(EnvName::of),
                Requests.query(context, "application").map(AppName::of),
                Requests.query(context, "team").map(TeamName::of),
                Requests.query(context, "kind").map(kind -> parse(LockKind.class, kind, "kind")),
                Requests.query(context, "state").map(state -> parse(LockState.class, state, "state")));
        context.json(Map.of("locks", service.list(filter)));
    }

    private static LockRequest request(Context context) {
        String contentType = String.valueOf(context.contentType());
        // curl -d sends JSON labelled as a URL-encoded form: a body that looks like JSON is read as JSON.
        boolean form = contentType.startsWith("multipart/form-data")
                || (contentType.startsWith("application/x-www-form-urlencoded")
                        && !context.body().strip().startsWith("{"));
        if (form) {

            String message = context.formParam("message");
            if (message == null) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_LOCK, "form field 'message' is missing", Map.of("field", "message"));
            }
            return LockRequest.of(message);
        }
        return Requests.body(context, LockRequest.class, "lock");
    }

    private static LockTarget environment(Context context) {
        return new LockTarget.Environment(Requests.environment(context));
    }

    private static LockTarget application(Context context) {
        return new LockTarget.Application(Requests.environment(context), Requests.application(context));
    }

    private static LockTarget team(Context context) {
        return new LockTarget.Team(Requests.environment(context), TeamName.of(context.pathParam("team")));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "unknown %s '%s'".formatted(parameter, value),
                    Map.of("parameter", parameter));
        }
    }
}
