package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import java.time.Duration;

/**
 * {@code GET /api/v1/export/status}: how far the manifest repository is behind; {@code POST
 * /api/v1/export/rerender}: renders the whole tree again from the current state (a commit only if something differs);
 * with {@code ?force=true}, also over the repository of a halted export.
 */
public final class ExportResource implements HttpResource {
    private static final Duration RERENDER_TIMEOUT = Duration.ofMinutes(2);

    private final ExportWorker worker;

    public ExportResource(ExportWorker worker) {
        this.worker = requireNonNull(worker, "worker is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/export/status", context -> context.json(worker.status()));
        routes.post(
                "/api/v1/export/rerender",
                context -> context.json(worker.rerender(
                        Requests.queryBoolean(context, "force"), Requests.actor(context), RERENDER_TIMEOUT)));
    }
}
