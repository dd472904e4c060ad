package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.Admission;
import io.trebuchet.api.HttpResource;
import io.trebuchet.audit.EventLog;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.store.Database;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Health, as people and Kubernetes ask for it. None of these takes an admission permit.
 *
 * <ul>
 *   <li>{@code GET /api/v1/health}: the server and its store answer, with the load of each lane.
 *   <li>{@code GET /api/v1/health/live}: the process serves HTTP; never asks the store, so that a database outage
 *       does not get every replica restarted (a liveness probe).
 *   <li>{@code GET /api/v1/health/ready}: the store answers; 503 while it does not (a readiness probe). The HTTP server
 *       starts only once the schema is migrated, so an answer at all means migrations ran.
 * </ul>
 */
final class HealthResource implements HttpResource {
    private final Database database;
    private final EventLog events;
    private final Admission admission;

    HealthResource(Database database, EventLog events, Admission admission) {
        this.database = requireNonNull(database, "database is null");
        this.events = requireNonNull(events, "events is null");
        this.admission = requireNonNull(admission, "admission is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/health", context -> {
            long lastEventId = database.read(events::lastId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("store", store());
            body.put("lastEventId", lastEventId);
            body.put("load", admission.load());
            context.json(body);
        });
        routes.get("/api/v1/health/live", context -> context.json(Map.of("status", "live")));
        routes.get("/api/v1/health/ready", context -> {
            Map<String, Object> body = new LinkedHashMap<>();
            try {
                long lastEventId = database.read(events::lastId);
                body.put("status", "ready");
                body.put("store", store());
                body.put("lastEventId", lastEventId);
            } catch (TrebuchetException e) {
                body.put("status", "unavailable");
                body.put("store", store());
                body.put("code", e.code().name());
                body.put("message", e.getMessage());
                context.status(503);
            }
            context.json(body);
        });
    }

    private String store() {
        return database.backend().name().toLowerCase(Locale.ROOT);
    }
}
