package io.trebuchet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.trebuchet.auth.Action;
import io.trebuchet.auth.Scope;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization rule of every route, API and pages alike, by {@code METHOD path template}. A route that is not
 * here is refused when authentication is on (and {@code RouteRulesIT} fails the build, as it checks every route the
 * running server has). Kuberpult's actions keep Kuberpult's meaning: a lock of an application is {@code CreateLock} on
 * that application in that environment and checks its team; an environment's lock checks no team.
 */
public final class RouteRules {
    private static final Map<String, RouteRule> RULES = rules();

    private RouteRules() {}

    public static Optional<RouteRule> of(String method, String path) {
        return Optional.ofNullable(RULES.get(method + " " + path));
    }

    /** Every route with a rule, as {@code METHOD path}. */
    public static java.util.Set<String> routes() {
        return RULES.keySet();
    }

    private static Map<String, RouteRule> rules() {
        Map<String, RouteRule> rules = new LinkedHashMap<>();
        RouteRule open = new RouteRule.Open();
        RouteRule signedIn = new RouteRule.SignedIn();

        for (String path : List.of(
                "/api/v1/health",
                "/api/v1/health/live",
                "/api/v1/health/ready",
                "/api/v1/openapi.json",
                "/api/v1/auth/config",
                "/assets/htmx.min.js",
                "/assets/trebuchet.css",
                "/assets/trebuchet.js",
                "/login",
                "/auth/callback",
                "/logout",
                "/signed-out")) {
            rules.put("GET " + path, open);
        }
        rules.put("POST /logout", open);

        for (String path : List.of(
                "/api/v1/environments",
                "/api/v1/environments/{env}",
                "/api/v1/applications/{app}/spec",
                "/api/v1/applications/{app}/releases",
                "/api/v1/applications/{app}/releases/{version}",
                "/api/v1/applications/{app}/releases/{version}/chart",
                "/api/v1/applications/{app}/deployments",
                "/api/v1/applications/{app}/history",
                "/api/v1/holds",
                "/api/v1/image-sources",
                "/api/v1/applications/{app}/image-sources/{source}",
                "/api/v1/chart-subscriptions",
                "/api/v1/applications/{app}/chart-subscriptions/{subscription}",
                "/api/v1/locks",
                "/api/environments/{env}/releasetrain/prognosis",
                "/api/environment-groups/{group}/releasetrain/prognosis",
                "/api/v1/environments/{env}/train/prognosis",
                "/api/v1/environment-groups/{group}/train/prognosis",
                "/api/v1/stacks",
                "/api/v1/stacks/{stack}",
                "/api/v1/platform/values",
                "/api/v1/applications/{app}/values",
                "/api/v1/overview",
                "/api/v1/applications",
                "/api/v1/applications/{app}",
                "/api/v1/events",
                "/api/v1/commits/{commit}",
                "/api/v1/export/status",
                "/api/process-delay",
                "/api/v1/auth/whoami",
                // Kuberpult's read routes (its CLI's get-commit-deployments, get-deployment-commit, dry runs).
                "/api/commit-deployments/{commit}",
                "/api/environments/{env}/applications/{app}/commit",
                "/api/application/{app}/release/manifests/{release}",
                // Prometheus sends a token like any client (docs/observability.md).
                "/metrics",
                "/",
                "/environments",
                "/locks",
                "/history",
                "/history.csv",
                "/tokens",
                "/applications/{app}",
                "/environments/{env}/train",
                "/environment-groups/{group}/train")) {
            rules.put("GET " + path, signedIn);
        }
        // A plan changes nothing; applying it does. Kuberpult's rollout status is a read sent as a POST.
        rules.put("POST /api/v1/config/plan", signedIn);
        rules.put("POST /environment-groups/{group}/rollout-status", signedIn);

        // Environments.
        for (String path : List.of("/api/environments/{env}", "/environments/{env}")) {
            rules.put("POST " + path, check(Action.CREATE_ENVIRONMENT, RouteRules::newEnvironmentFromForm));
        }
        rules.put(
                "PUT /api/v1/environments/{env}", check(Action.CREATE_ENVIRONMENT, RouteRules::newEnvironmentFromJson));
        rules.put("DELETE /api/v1/environments/{env}", check(Action.DELETE_ENVIRONMENT, RouteRules::environment));
        rules.put("DELETE /api/environments/{env}", check(Action.DELETE_ENVIRONMENT, RouteRules::environment));

        // Releases and applications.
        for (String path : List.of("/release", "/api/release")) {
            rules.put("POST " + path, check(Action.CREATE_RELEASE, RouteRules::releaseForm));
        }
        rules.put("POST /api/v1/applications/{app}/releases", check(Action.CREATE_RELEASE, RouteRules::application));
        rules.put(
                "POST /api/v1/applications/{app}/chart-releases",
                check(Action.CREATE_RELEASE, RouteRules::application));
        rules.put(
                "PUT /api/v1/applications/{app}",
                check(Action.CREATE_ENVIRONMENT_APPLICATION, RouteRules::application));

        // Deploying, removing, undeploying.
        rules.put(
                "POST /api/v1/environments/{env}/applications/{app}/deploy",
                check(Action.DEPLOY_RELEASE, RouteRules::environmentApplication));
        rules.put(
                "DELETE /api/v1/environments/{env}/applications/{app}",
                check(Action.DELETE_ENVIRONMENT_APPLICATION, RouteRules::environmentApplication));
        rules.put("DELETE /api/v1/applications/{app}", check(Action.CREATE_UNDEPLOY, RouteRules::application));
        // Image sources: declaring one is declaring how an application is released; a scan may create a release.
        rules.put(
                "PUT /api/v1/applications/{app}/image-sources/{source}",
                check(Action.CREATE_ENVIRONMENT_APPLICATION, RouteRules::application));
        rules.put(
                "DELETE /api/v1/applications/{app}/image-sources/{source}",
                check(Action.CREATE_ENVIRONMENT_APPLICATION, RouteRules::application));
        rules.put(
                "POST /api/v1/applications/{app}/image-sources/{source}/scan",
                check(Action.CREATE_RELEASE, RouteRules::application));
        // Chart subscriptions: as image sources.
        rules.put(
                "PUT /api/v1/applications/{app}/chart-subscriptions/{subscription}",
                check(Action.CREATE_ENVIRONMENT_APPLICATION, RouteRules::application));
        rules.put(
                "DELETE /api/v1/applications/{app}/chart-subscriptions/{subscription}",
                check(Action.CREATE_ENVIRONMENT_APPLICATION, RouteRules::application));
        rules.put(
                "POST /api/v1/applications/{app}/chart-subscriptions/{subscription}/scan",
                check(Action.CREATE_RELEASE, RouteRules::application));
        // A registry's notification only asks for scans that the sources' own settings govern; its token needs this
        // action alone (a role with nothing else), so that a registry's configuration holds no CI or person's token.
        rules.put("POST /api/v1/image-sources/notifications", check(Action.NOTIFY_IMAGE_PUSH, RouteRules::global));
        // Releasing a hold lets automation deploy there again: as much as deploying.
        rules.put(
                "DELETE /api/v1/environments/{env}/applications/{app}/hold",
                check(Action.DEPLOY_RELEASE, RouteRules::environmentApplication));

        // Locks: Kuberpult's paths (with and without /api) and the native ones.
        for (String prefix : List.of("", "/api")) {
            locks(rules, prefix + "/environments/{env}/locks/{id}", RouteRules::environment);
            locks(
                    rules,
                    prefix + "/environments/{env}/applications/{app}/locks/{id}",
                    RouteRules::environmentApplication);
            locks(rules, prefix + "/environment-groups/{group}/locks/{id}", RouteRules::group);
        }
        locks(rules, "/api/environments/{env}/lock/team/{team}/{id}", RouteRules::team);
        locks(rules, "/api/v1/locks/environment/{env}/{id}", RouteRules::environment);
        locks(rules, "/api/v1/locks/application/{env}/{app}/{id}", RouteRules::environmentApplication);
        locks(rules, "/api/v1/locks/team/{env}/{team}/{id}", RouteRules::team);
        locks(rules, "/api/v1/locks/group/{group}/{id}", RouteRules::group);
        // A stack's lock is one application lock per member: allowed to whom may lock any application there.
        locks(rules, "/api/v1/locks/stack/{env}/{stack}/{id}", RouteRules::environment);

        // Release trains.
        for (String path : List.of("/api/environments/{env}/releasetrain", "/environments/{env}/releasetrain")) {
            rules.put("PUT " + path, check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::environment));
        }
        rules.put(
                "PUT /api/environment-groups/{group}/releasetrain",
                check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::group));
        rules.put("POST /api/v1/environments/{env}/train", check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::environment));
        rules.put(
                "POST /api/v1/environment-groups/{group}/train", check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::group));

        // Stacks: defining them is Trebuchet's own; deploying and removing one is deploying and removing its apps.
        rules.put("PUT /api/v1/stacks/{stack}", check(Action.MANAGE_STACKS, RouteRules::global));
        rules.put("DELETE /api/v1/stacks/{stack}", check(Action.MANAGE_STACKS, RouteRules::global));
        rules.put(
                "POST /api/v1/environments/{env}/stacks/{stack}/deploy",
                check(Action.DEPLOY_RELEASE, RouteRules::environment));
        rules.put(
                "DELETE /api/v1/environments/{env}/stacks/{stack}",
                check(Action.DELETE_ENVIRONMENT_APPLICATION, RouteRules::environment));

        // Trebuchet's own operations.
        rules.put("PUT /api/v1/platform/values", check(Action.CHANGE_VALUES, RouteRules::global));
        rules.put("POST /api/v1/config/apply", check(Action.APPLY_PLATFORM_CONFIG, RouteRules::global));
        rules.put("POST /api/v1/export/rerender", check(Action.RERENDER, RouteRules::global));
        rules.put("GET /api/v1/tokens", check(Action.MANAGE_TOKENS, RouteRules::global));
        rules.put("POST /api/v1/tokens", check(Action.MANAGE_TOKENS, RouteRules::global));
        rules.put("DELETE /api/v1/tokens/{name}", check(Action.MANAGE_TOKENS, RouteRules::global));
        rules.put("POST /tokens", check(Action.MANAGE_TOKENS, RouteRules::global));
        rules.put("POST /tokens/revoke", check(Action.MANAGE_TOKENS, RouteRules::global));

        // The web UI's actions: the same actions as their API routes.
        rules.put("POST /environments/{env}/lock", check(Action.CREATE_LOCK, RouteRules::environment));
        rules.put("POST /environments/{env}/unlock", check(Action.DELETE_LOCK, RouteRules::environment));
        rules.put("POST /environment-groups/{group}/lock", check(Action.CREATE_LOCK, RouteRules::group));
        rules.put("POST /environment-groups/{group}/unlock", check(Action.DELETE_LOCK, RouteRules::group));
        rules.put("POST /environments/{env}/train", check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::environment));
        rules.put("POST /environment-groups/{group}/train", check(Action.DEPLOY_RELEASE_TRAIN, RouteRules::group));
        rules.put("POST /locks/delete", check(Action.DELETE_LOCK, RouteRules::lockForm));
        rules.put(
                "POST /applications/{app}/environments/{env}/deploy",
                check(Action.DEPLOY_RELEASE, RouteRules::environmentApplication));
        rules.put(
                "POST /applications/{app}/environments/{env}/remove",
                check(Action.DELETE_ENVIRONMENT_APPLICATION, RouteRules::environmentApplication));
        rules.put(
                "POST /applications/{app}/environments/{env}/lock",
                check(Action.CREATE_LOCK, RouteRules::environmentApplication));
        rules.put(
                "POST /applications/{app}/environments/{env}/unlock",
                check(Action.DELETE_LOCK, RouteRules::environmentApplication));
        rules.put(
                "POST /applications/{app}/environments/{env}/release-hold",
                check(Action.DEPLOY_RELEASE, RouteRules::environmentApplication));
        return Map.copyOf(rules);
    }

    private static void locks(Map<String, RouteRule> rules, String path, RouteRule.ScopeOf scope) {
        rules.put("PUT " + path, check(Action.CREATE_LOCK, scope));
        rules.put("DELETE " + path, check(Action.DELETE_LOCK, scope));
    }

    private static RouteRule check(Action action, RouteRule.ScopeOf scope) {
        return new RouteRule.Check(action, scope);
    }

    private static Scope global(Context context, Guard guard) {
        return Scope.GLOBAL;
    }

    private static Scope environment(Context context, Guard guard) {
        return guard.environment(Requests.environment(context));
    }

    private static Scope environmentApplication(Context context, Guard guard) {
        return guard.application(Requests.environment(context), Requests.application(context));
    }

    private static Scope application(Context context, Guard guard) {
        return guard.application(Requests.application(context));
    }

    private static Scope team(Context context, Guard guard) {
        return guard.team(Requests.environment(context), TeamName.of(context.pathParam("team")));
    }

    private static Scope group(Context context, Guard guard) {
        return guard.group(Requests.group(context));
    }

    /** Kuberpult's release form names its application in a field. */
    private static Scope releaseForm(Context context, Guard guard) {
        String application = formField(context, "application")
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.INVALID_APPLICATION_NAME,
                        "form field 'application' is missing",
                        Map.of("field", "application")));
        return guard.application(AppName.of(application));
    }

    /**
     * Creating or changing an environment, as Kuberpult checks it: in the group its config names (else its current
     * group, else its own name), for any environment of that group.
     */
    private static Scope newEnvironmentFromForm(Context context, Guard guard) {
        return newEnvironment(context, guard, formField(context, "config"));
    }

    private static Scope newEnvironmentFromJson(Context context, Guard guard) {
        return newEnvironment(context, guard, Optional.of(context.body()));
    }

    private static Scope newEnvironment(Context context, Guard guard, Optional<String> config) {
        EnvName environment = Requests.environment(context);
        Optional<GroupName> named = config.flatMap(RouteRules::groupOfConfig);
        return Scope.group(named.orElseGet(() -> guard.groupOf(environment)));
    }

    private static Optional<GroupName> groupOfConfig(String config) {
        try {
            JsonNode group = Json.mapper().readTree(config).path("environmentGroup");
            return group.isTextual() ? Optional.of(GroupName.of(group.asText())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // The handler refuses a malformed config with its own words.
            return Optional.empty();
        }
    }

    /** The UI's form that deletes any kind of lock names it in its fields. */
    private static Scope lockForm(Context context, Guard guard) {
        EnvName environment = EnvName.of(formField(context, "environment").orElse(""));
        String kind = formField(context, "kind").orElse("").toLowerCase(Locale.ROOT);
        Optional<String> scope = formField(context, "scope");
        return switch (kind) {
            case "application" -> guard.application(environment, AppName.of(scope.orElse("")));
            case "team" -> guard.team(environment, TeamName.of(scope.orElse("")));
            default -> guard.environment(environment);
        };
    }

    private static Optional<String> formField(Context context, String name) {
        String value = context.formParam(name);
        if (value != null) {
            return Optional.of(value.strip()).filter(text -> !text.isEmpty());
        }
        List<UploadedFile> files = context.uploadedFiles(name);
        if (files.size() != 1) {
            return Optional.empty();
        }
        try (InputStream content = files.getFirst().content()) {
            return Optional.of(new String(content.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .filter(text -> !text.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read form field " + name, e);
        }
    }
}
