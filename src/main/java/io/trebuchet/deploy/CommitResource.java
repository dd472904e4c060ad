package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;

/**
 * {@code GET /api/v1/commits/{commit}}: where a source commit is deployed; and Kuberpult's two commit endpoints.
 */
public final class CommitResource implements HttpResource {
    private final CommitService service;

    public CommitResource(CommitService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/commits/{commit}", context -> context.json(service.report(context.pathParam("commit"))));
        // Kuberpult's endpoints, as its client's get-commit-deployments and get-deployment-commit call them.
        routes.get(
                "/api/commit-deployments/{commit}",
                context -> context.json(service.kuberpultReport(context.pathParam("commit"))));
        routes.get(
                "/api/environments/{env}/applications/{app}/commit",
                context -> context.json(
                        service.deploymentCommit(Requests.environment(context), Requests.application(context))));
    }
}
