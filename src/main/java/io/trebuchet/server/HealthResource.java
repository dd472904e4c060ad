package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.Admission;
import io.trebuchet.api.HttpResource;
import io.trebuchet.audit.EventLog;
import io.trebuchet.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/health}: the server answers and its store too. */
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
            body.put("store", database.backend().name().toLowerCase(java.util.Locale.ROOT));
            body.put("lastEventId", lastEventId);
            body.put("load", admission.load());
            context.json(body);
        });
    }
}
