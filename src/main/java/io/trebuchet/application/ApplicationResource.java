package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
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
            List<EnvName> environments,
            Optional<ApplicationChart> chart) {
        static SpecBody of(ApplicationSpec spec) {
            ApplicationSettings settings = spec.settings();
            return new SpecBody(
                    spec.team(),
                    spec.stack(),
                    settings.template(),
                    settings.values(),
                    settings.environmentValues(),
                    settings.environments(),
                    settings.chart());
        }

        ApplicationSpec spec() {
            return new ApplicationSpec(
                    team, stack, new ApplicationSettings(template, values, environmentValues, environments, chart));
        }
    }

    private void putApplication(Context context) {
        SpecBody body = Requests.body(context, SpecBody.class, "application");
        AppName name = Requests.application(context);
        // A chart is declared in a platform directory: apply checks its reference and uploads a chart directory's
        // archive. Here a body may only give it back as GET .../spec showed it, so that a read-change-write keeps it.
        if (body.chart().isPresent()
                && !body.chart().equals(service.settings(name).chart())) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    ("an application's chart is declared in a platform directory (chart: in its file, then trebuchet"
                                    + " apply -f DIR); a PUT may only give it back as GET"
                                    + " /api/v1/applications/%s/spec shows it, or leave it out to remove it")
                            .formatted(name),
                    Map.of("field", "chart"));
        }
        ApplicationChange change = service.put(name, body.spec(), Requests.actor(context));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("application", change.application());
        response.put("created", change.created());
        response.put("changed", change.changed());
        context.status(change.created() ? 201 : 200).json(response);
    }
}
