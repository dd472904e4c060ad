package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.trebuchet.api.Accepts;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Environment routes: Kuberpult's multipart create/update, and the native JSON API. */
public final class EnvironmentResource implements HttpResource {
    private final EnvironmentService service;

    public EnvironmentResource(EnvironmentService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        Accepts.MULTIPART.post(routes, "/api/environments/{env}", this::putKuberpult);
        Accepts.MULTIPART.post(routes, "/environments/{env}", this::putKuberpult);
        routes.delete("/api/environments/{env}", this::deleteKuberpult);
        routes.get("/api/v1/environments", context -> context.json(Map.of("environments", service.list())));
        routes.get("/api/v1/environments/{env}", context -> context.json(service.get(Requests.environment(context))));
        routes.put("/api/v1/environments/{env}", this::putNative);
        routes.delete("/api/v1/environments/{env}", context -> {
            service.delete(Requests.environment(context), Requests.actor(context));
            context.status(204);
        });
    }

    /** Kuberpult answers 200 whether the environment is new, changed or the same; {@code ?dryrun=true} writes nothing. */
    private void putKuberpult(Context context) {
        var name = Requests.environment(context);
        EnvironmentConfig config = EnvironmentConfig.parse(formField(context, "config"));
        EnvironmentChange change = dryRun(context)
                ? service.putDryRun(name, config, Requests.actor(context))
                : service.put(name, config, Requests.actor(context));
        List<String> warnings = new ArrayList<>(change.warnings());
        if (config.argoCdConfigs().isEmpty()) {
            // Kuberpult refuses such an environment; Trebuchet takes it, so that a first environment needs no cluster
            // details, and says where its applications go on Kuberpult's path, where a client expects Kuberpult's
            // rule.
            warnings.add(("environment %s has no Argo CD settings (argocd or argoConfigs), which Kuberpult requires;"
                            + " Trebuchet takes it: its applications go to the cluster Argo CD or Flux runs in (%s),"
                            + " namespace %s. Set argocd.destination to deploy elsewhere")
                    .formatted(name, Destination.IN_CLUSTER_SERVER, name));
        }
        respond(context, change, warnings);
        context.status(200);
    }

    private void deleteKuberpult(Context context) {
        var name = Requests.environment(context);
        boolean dryRun = dryRun(context);
        if (dryRun) {
            service.deleteDryRun(name, Requests.actor(context));
        } else {
            service.delete(name, Requests.actor(context));
        }
        context.status(200).json(Map.of("environment", name, "deleted", !dryRun, "dryRun", dryRun));
    }

    private static boolean dryRun(Context context) {
        // As Kuberpult: only the exact value "true" makes a dry run.
        return "true".equals(context.queryParam("dryrun"));
    }

    private void putNative(Context context) {
        var name = Requests.environment(context);
        if (context.body().isBlank()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_JSON, "environment config is missing: send it as the JSON body");
        }
        respond(context, service.put(name, EnvironmentConfig.parse(context.body()), Requests.actor(context)));
    }

    private static void respond(Context context, EnvironmentChange change) {
        respond(context, change, change.warnings());
    }

    private static void respond(Context context, EnvironmentChange change, List<String> warnings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", change.environment());
        body.put("created", change.created());
        body.put("changed", change.changed());
        if (!warnings.isEmpty()) {
            body.put("warnings", warnings);
        }
        context.status(change.created() ? 201 : 200).json(body);
    }

    private static String formField(Context context, String name) {
        String value = context.formParam(name);
        if (value != null) {
            return value;
        }
        List<UploadedFile> files = context.uploadedFiles(name);
        if (files.size() == 1) {
            try (InputStream content = files.getFirst().content()) {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the uploaded " + name, e);
            }
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_REQUEST,
                "form field '%s' is missing: send the environment config as --form-string \"%s=<json>\""
                        .formatted(name, name),
                Map.of("field", name));
    }
}
