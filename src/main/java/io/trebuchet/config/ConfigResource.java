package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/config/plan} and {@code /apply}: the body is the platform, {@code ?prune=true} deletes too. */
public final class ConfigResource implements HttpResource {
    private final ConfigService service;

    public ConfigResource(ConfigService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/config/plan", context -> {
            ConfigPlan plan = service.plan(platform(context), prune(context));
            context.json(body(plan, false));
        });
        routes.post("/api/v1/config/apply", context -> {
            ConfigPlan plan = service.apply(platform(context), prune(context), Requests.actor(context));
            context.json(body(plan, !plan.isEmpty()));
        });
    }

    private static Platform platform(Context context) {
        return Requests.body(context, Platform.class, "platform");
    }

    private static boolean prune(Context context) {
        return switch (Requests.query(context, "prune").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "query parameter prune must be true or false",
                        Map.of("parameter", "prune"));
        };
    }

    private static Map<String, Object> body(ConfigPlan plan, boolean applied) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applied", applied);
        body.put("summary", plan.summary());
        body.put("changes", plan.changes());
        body.put(
                "undeclared",
                Map.of(
                        "environments",
                        plan.undeclaredEnvironments(),
                        "applications",
                        plan.undeclaredApplications(),
                        "stacks",
                        plan.undeclaredStacks()));

        return body;
    }
}
