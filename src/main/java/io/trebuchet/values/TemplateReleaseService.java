package io.trebuchet.values;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationService;
import io.trebuchet.application.ApplicationSettings;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.ReleaseIntakeService;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.release.ReleaseRequest;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import io.trebuchet.template.Layer;
import io.trebuchet.template.LayerValues;
import io.trebuchet.template.Template;
import io.trebuchet.template.TemplateRenderer;
import io.trebuchet.template.ValueLayers;
import io.trebuchet.template.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Creates releases from parameters: renders the application's template with its merged values and the release's
 * parameters (the highest layer) for every environment it is configured for, then creates the release with those
 * manifests, in one transaction. The rendered manifests are stored, so releases stay immutable when values change
 * later.
 */
public final class TemplateReleaseService {
    private final Database database;
    private final ReleaseIntakeService intake;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final ValuesService values;

    public TemplateReleaseService(
            Database database,
            ReleaseIntakeService intake,
            ApplicationService applications,
            EnvironmentService environments,
            ValuesService values) {
        this.database = requireNonNull(database, "database is null");
        this.intake = requireNonNull(intake, "intake is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.values = requireNonNull(values, "values is null");
    }

    public ReleaseOutcome release(AppName application, TemplateReleaseRequest request, Actor actor) {
        requireNonNull(application, "application is null");
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        return database.inTransaction(transaction -> release(transaction, application, request, actor));
    }

    /** The same inside the caller's transaction. */
    public ReleaseOutcome release(
            Transaction transaction, AppName application, TemplateReleaseRequest request, Actor actor) {
        Map<EnvName, Manifest> manifests = render(transaction.handle(), application, request);
        return intake.release(
                transaction,
                new ReleaseRequest(
                        application,
                        request.version(),
                        manifests,
                        Optional.empty(),
                        request.sourceCommitId(),
                        request.sourceAuthor(),
                        request.sourceMessage(),
                        request.displayVersion(),
                        request.ciLink()),
                actor);
    }

    private Map<EnvName, Manifest> render(Handle handle, AppName application, TemplateReleaseRequest request) {
        applications.get(handle, application);
        ApplicationSettings settings = applications.settings(handle, application);
        Template template = settings.template()
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.TEMPLATE_NOT_FOUND,
                        "application %s has no template; declare one, or release it with manifests"
                                .formatted(application),
                        Map.of("application", application.value())));
        List<EnvName> targets = settings.environments().isEmpty()
                ? environments.list(handle).stream().map(Environment::name).toList()
                : settings.environments();
        LayerValues parameters = new LayerValues(
                Layer.RELEASE, "release parameters", Values.flatten(request.parameters(), "parameters"));
        Map<EnvName, Manifest> manifests = new TreeMap<>();
        Map<String, Map<String, Object>> missing = new TreeMap<>();
        for (EnvName environment : targets) {
            List<LayerValues> layers = new ArrayList<>(values.layers(handle, application, Optional.of(environment)));
            layers.add(parameters);
            try {
                manifests.put(
                        environment,
                        Manifest.of(TemplateRenderer.render(template, ValueLayers.values(ValueLayers.merge(layers)))));
            } catch (TrebuchetException e) {
                if (e.code() != ErrorCode.MISSING_PARAMETERS) {
                    throw e;
                }
                collectMissing(e, environment, missing);
            }
        }
        if (!missing.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.MISSING_PARAMETERS,
                    "the template of %s needs values for %s: send them as parameters or declare them as values"
                            .formatted(application, String.join(", ", missing.keySet())),
                    Map.of("missing", List.copyOf(missing.values())));
        }
        if (manifests.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "application %s is configured for no environment".formatted(application),
                    Map.of("application", application.value()));
        }
        return manifests;
    }

    /** Merges one environment's missing names into the report: each name with where it is used and where it lacks. */
    @SuppressWarnings("unchecked")
    private static void collectMissing(
            TrebuchetException error, EnvName environment, Map<String, Map<String, Object>> missing) {
        for (Object item : (List<Object>) error.details().get("missing")) {
            Map<String, Object> entry = (Map<String, Object>) item;
            String name = (String) entry.get("name");
            Map<String, Object> merged = missing.computeIfAbsent(name, ignored -> {
                Map<String, Object> created = new LinkedHashMap<>();
                created.put("name", name);
                created.put("usedAt", entry.get("usedAt"));
                created.put("environments", new ArrayList<String>());
                return created;
            });
            ((List<String>) merged.get("environments")).add(environment.value());
        }
    }
}
