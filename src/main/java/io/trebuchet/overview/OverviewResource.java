package io.trebuchet.overview;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import java.util.Map;

/** The overview, and the applications as rows of it. */
public final class OverviewResource implements HttpResource {
    private final OverviewService service;

    public OverviewResource(OverviewService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/overview", context -> context.json(service.overview()));
        routes.get(
                "/api/v1/applications",
                context ->
                        context.json(Map.of("applications", service.overview().applications())));
        routes.get(
                "/api/v1/applications/{app}",
                context -> context.json(service.application(Requests.application(context))));
    }
}
