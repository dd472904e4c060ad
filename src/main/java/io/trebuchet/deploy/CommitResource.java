package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.HttpResource;

/** {@code GET /api/v1/commits/{commit}}: where a source commit is deployed. */
public final class CommitResource implements HttpResource {
    private final CommitService service;

    public CommitResource(CommitService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/commits/{commit}", context -> context.json(service.report(context.pathParam("commit"))));
    }
}
