package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;

/** Release train routes: Kuberpult's and the native ones; a run and its prognosis answer in the same shape. */
public final class TrainResource implements HttpResource {
    private final TrainService service;

    public TrainResource(TrainService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.put("/api/environments/{env}/releasetrain", context -> runKuberpult(context, environment(context)));
        // Kuberpult's older path, still served by v13.55 and used by older CI.
        routes.put("/environments/{env}/releasetrain", context -> runKuberpult(context, environment(context)));
        routes.put("/api/environment-groups/{group}/releasetrain", context -> runKuberpult(context, group(context)));
        routes.get(
                "/api/environments/{env}/releasetrain/prognosis", context -> prognosis(context, environment(context)));
        routes.get(
                "/api/environment-groups/{group}/releasetrain/prognosis",
                context -> prognosis(context, group(context)));

        routes.post("/api/v1/environments/{env}/train", context -> run(context, environment(context)));
        routes.post("/api/v1/environment-groups/{group}/train", context -> run(context, group(context)));
        routes.get("/api/v1/environments/{env}/train/prognosis", context -> prognosis(context, environment(context)));
        routes.get("/api/v1/environment-groups/{group}/train/prognosis", context -> prognosis(context, group(context)));
    }

    private void run(Context context, TrainTarget target) {
        TrainRequest request = new TrainRequest(target, filter(context), ciLink(context));
        context.json(service.run(request, Requests.actor(context)));
    }

    /**
     * The optional JSON body {@code {"ciLink": "https://..."}}, as Kuberpult's release train endpoints and its
     * client's {@code release-train --ci_link} send it; no body is no link. As Kuberpult (Go's JSON decoder), other
     * fields are ignored and a body that is not JSON is refused.
     */
    private static Optional<String> ciLink(Context context) {
        String body = context.body();
        if (body.isBlank()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw Json.invalid(e, ErrorCode.INVALID_JSON, "release train request");
        }
        if (node == null || !node.isObject()) {
            throw new TrebuchetException(ErrorCode.INVALID_JSON, "release train request must be a JSON object");
        }
        JsonNode link = node.get("ciLink");
        if (link == null || link.isNull()) {
            return Optional.empty();
        }
        if (!link.isTextual()) {
            throw new TrebuchetException(ErrorCode.INVALID_JSON, "ciLink must be a string", Map.of("field", "ciLink"));
        }
        return Optional.of(link.asText());
    }

    /** Kuberpult's train: its git-tag options need Kuberpult's manifest export and are refused, not ignored. */
    private void runKuberpult(Context context, TrainTarget target) {
        for (String option : java.util.List.of("gitTag", "sourceGitTag")) {
            if (Requests.query(context, option)
                    .filter(value -> !value.isEmpty())
                    .isPresent()) {
                throw new TrebuchetException(
                        ErrorCode.UNSUPPORTED_OPTION,
                        "%s: release trains from or to git tags of the manifest repository are not supported"
                                .formatted(option),
                        java.util.Map.of("option", option));
            }
        }
        run(context, target);
    }

    private void prognosis(Context context, TrainTarget target) {
        context.json(service.prognosis(target, filter(context)));
    }

    private static TrainTarget environment(Context context) {
        return new TrainTarget.Environment(Requests.environment(context));
    }

    private static TrainTarget group(Context context) {
        return new TrainTarget.Group(Requests.group(context));
    }

    private static TrainFilter filter(Context context) {
        return new TrainFilter(
                Requests.query(context, "team").map(TeamName::of),
                Requests.query(context, "stack").map(StackName::of));
    }
}
