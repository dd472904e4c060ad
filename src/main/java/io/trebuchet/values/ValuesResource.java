package io.trebuchet.values;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Values routes: the platform's defaults and an application's merged values with provenance. Releases from templates
 * are served by the chart package's resource, which decides between an application's chart and its template.
 */
public final class ValuesResource implements HttpResource {
    private final ValuesService values;

    public ValuesResource(ValuesService values) {
        this.values = requireNonNull(values, "values is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/platform/values", context -> context.json(Map.of("values", values.platformValues())));
        routes.put("/api/v1/platform/values", this::putPlatformValues);
        routes.get("/api/v1/applications/{app}/values", this::applicationValues);
    }

    private void putPlatformValues(Context context) {
        Map<String, Object> body = object(context, "platform values");
        Object layer = body.containsKey("values") && body.size() == 1 ? body.get("values") : body;
        if (!(layer instanceof Map<?, ?> map)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_VALUES, "values must be an object", Map.of("field", "values"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        boolean changed = values.putPlatformValues(typed, Requests.actor(context));
        context.json(Map.of("values", values.platformValues(), "changed", changed));
    }

    private void applicationValues(Context context) {
        AppName application = Requests.application(context);
        Optional<EnvName> environment = Requests.query(context, "environment")
                .or(() -> Requests.query(context, "env"))
                .map(EnvName::of);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", application);
        environment.ifPresent(name -> body.put("environment", name));
        body.put("values", values.values(application, environment));
        context.json(body);
    }

    private static Map<String, Object> object(Context context, String what) {
        if (context.body().isBlank()) {
            throw new TrebuchetException(ErrorCode.INVALID_JSON, what + " are missing: send a JSON object");
        }
        try {
            Map<String, Object> body =
                    Json.mapper().readValue(context.body(), new TypeReference<Map<String, Object>>() {});
            if (body == null) {
                throw new TrebuchetException(ErrorCode.INVALID_JSON, what + " are missing: the body is null");
            }
            return body;

        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Json.invalid(e, ErrorCode.INVALID_JSON, what);
        }
    }
}
