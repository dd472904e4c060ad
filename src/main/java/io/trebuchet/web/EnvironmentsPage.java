package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.PageRoutes;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.environment.ArgoCdConfig;
import io.trebuchet.environment.ArgoConfigs;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.environment.Upstream;
import io.trebuchet.overview.Overview;
import io.trebuchet.overview.OverviewService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /environments}: the environment groups and their environments, in upstream order, with their config. */
final class EnvironmentsPage implements HttpResource {
    private final Pages pages;
    private final EnvironmentService environments;
    private final OverviewService overview;

    EnvironmentsPage(Pages pages, EnvironmentService environments, OverviewService overview) {
        this.pages = requireNonNull(pages, "pages is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.overview = requireNonNull(overview, "overview is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        PageRoutes.get(routes, "/environments", pages.handler(this::show));
    }

    /** The page: groups in upstream order. */
    record View(Chrome chrome, List<Group> groups) {
        View {
            requireNonNull(chrome, "chrome is null");
            groups = List.copyOf(groups);
        }
    }

    /** An environment group and its members. */
    record Group(GroupName name, List<Card> environments) {
        Group {
            requireNonNull(name, "name is null");
            environments = List.copyOf(environments);
        }
    }

    /** One environment with its config, what feeds it and what it feeds, and how many applications run there. */
    record Card(
            EnvName name,
            String upstream,
            Optional<EnvName> upstreamEnvironment,
            List<EnvName> downstream,
            int applications,
            List<ArgoCdConfig> argoCd,
            Optional<String> commonEnvPrefix,
            boolean activeActive,
            String created,
            String updated,
            String updatedAge,
            String config) {
        Card {
            requireNonNull(name, "name is null");
            requireNonNull(upstream, "upstream is null");
            requireNonNull(upstreamEnvironment, "upstreamEnvironment is null");
            downstream = List.copyOf(downstream);
            argoCd = List.copyOf(argoCd);
            requireNonNull(commonEnvPrefix, "commonEnvPrefix is null");
            requireNonNull(created, "created is null");
            requireNonNull(updated, "updated is null");
            requireNonNull(updatedAge, "updatedAge is null");
            requireNonNull(config, "config is null");
        }
    }

    private void show(Context context) {
        Instant now = pages.now();
        List<Environment> ordered = environments.list();
        Overview current = overview.overview();
        Map<EnvName, Integer> counts = new LinkedHashMap<>();
        current.applications()
                .forEach(application -> application
                        .environments()
                        .keySet()
                        .forEach(environment -> counts.merge(environment, 1, Integer::sum)));
        Map<GroupName, List<Card>> groups = new LinkedHashMap<>();
        for (Environment environment : ordered) {
            List<EnvName> downstream = ordered.stream()
                    .filter(other -> other.config()
                            .upstream()
                            .flatMap(Upstream::environment)
                            .equals(Optional.of(environment.name())))
                    .map(Environment::name)
                    .toList();
            groups.computeIfAbsent(environment.group(), ignored -> new ArrayList<>())
                    .add(new Card(
                            environment.name(),
                            OverviewRows.upstreamText(environment.config().upstream()),
                            environment.config().upstream().flatMap(Upstream::environment),
                            downstream,
                            counts.getOrDefault(environment.name(), 0),
                            environment.config().argoCdConfigs(),
                            environment.config().argoConfigs().flatMap(ArgoConfigs::commonEnvPrefix),
                            environment
                                    .config()
                                    .argoConfigs()
                                    .map(ArgoConfigs::activeActive)
                                    .orElse(false),
                            Age.time(environment.createdAt()),
                            Age.time(environment.updatedAt()),
                            Age.since(environment.updatedAt(), now),
                            Json.mapper().valueToTree(environment.config()).toPrettyString()));
        }
        List<Group> view = new ArrayList<>();
        groups.forEach((name, cards) -> view.add(new Group(name, cards)));
        pages.render(
                context,
                200,
                Template.ENVIRONMENTS,
                new View(pages.chrome(context, "Environments", Nav.ENVIRONMENTS), view));
    }
}
