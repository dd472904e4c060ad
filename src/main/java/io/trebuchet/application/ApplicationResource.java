package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Application declaration routes: {@code PUT /api/v1/applications/{app}} and its {@code GET .../spec}. */
public final class ApplicationResource implements HttpResource {
    private final ApplicationService service;

    public ApplicationResource(ApplicationService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.put("/api/v1/applications/{app}", this::putApplication);
        routes.get(
                "/api/v1/applications/{app}/spec",
                context -> context.json(SpecBody.of(service.spec(Requests.application(context)))));
    }

    /** What {@code PUT /api/v1/applications/{app}} takes and {@code GET .../spec} answers. */
    record SpecBody(
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Template> template,
            Map<String, Object> values,
            Map<EnvName, Map<String, Object>> environmentValues,
            List<EnvName> environments) {
        static SpecBody of(ApplicationSpec spec) {
            ApplicationSettings settings = spec.settings();
            return new SpecBody(
                    spec.team(),
                    spec.stack(),
                    settings.template(),
                    settings.values(),
                    settings.environmentValues(),
                    settings.environments());
        }

        ApplicationSpec spec() {
            return new ApplicationSpec(
                    team, stack, new ApplicationSettings(template, values, environmentValues, environments));
        }
    }

    private void putApplication(Context context) {
        SpecBody body = Requests.body(context, SpecBody.class, "application");
        ApplicationChange change = service.put(Requests.application(context), body.spec(), Requests.actor(context));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("application", change.application());
        response.put("created", change.created());
        response.put("changed", change.changed());
        context.status(change.created() ? 201 : 200).json(response);
    }
}
