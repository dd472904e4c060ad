package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/events}: pages through the event log, oldest first. */
public final class EventResource implements HttpResource {
    private final Database database;
    private final EventLog events;

    public EventResource(Database database, EventLog events) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/events", this::list);
    }

    private void list(Context context) {
        EventQuery query = new EventQuery(
                Requests.queryLong(context, "after", 0),
                Requests.queryInt(context, "limit", EventQuery.DEFAULT_LIMIT),
                Requests.query(context, "application").map(AppName::of),
                Requests.query(context, "environment").map(EnvName::of),
                Requests.query(context, "kind").map(EventResource::kind));
        List<Event> page = database.read(handle -> events.list(handle, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page);
        body.put("next", page.isEmpty() ? query.after() : page.getLast().id());
        context.json(body);
    }

    private static EventKind kind(String value) {
        try {
            return EventKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "unknown event kind '%s'; known kinds: %s".formatted(value, Arrays.toString(EventKind.values())),
                    Map.of("parameter", "kind"));
        }
    }
}
