package io.trebuchet.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trebuchet.application.ApplicationSpec;
import io.trebuchet.chart.ChartSubscription;
import io.trebuchet.config.ConfigChange.Action;
import io.trebuchet.config.ConfigChange.Kind;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.EnvironmentGraph;
import io.trebuchet.environment.Upstream;
import io.trebuchet.imageautomation.ImageSource;
import io.trebuchet.stack.StackDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what applying a platform changes on the server: environments created or changed in upstream order (so every
 * intermediate state is a valid forest), then applications, then, when pruning, what the platform no longer declares,
 * downstream first. It refuses, listing every cause at once, to delete an environment that a declared environment
 * still names as upstream or that still runs applications, and an application that still runs anywhere.
 */
final class ConfigPlanner {
    private ConfigPlanner() {}

    static ConfigPlan plan(Platform desired, PlatformState current, boolean prune) {
        Map<EnvName, EnvironmentConfig> declared = new LinkedHashMap<>();
        desired.environments().forEach(declaration -> declared.put(declaration.name(), declaration.config()));
        List<Refusal> refusals = new ArrayList<>();

        if (prune) {
            declared.forEach((name, config) -> config.upstream()
                    .flatMap(Upstream::environment)
                    .filter(upstream -> !declared.containsKey(upstream)
                            && current.environments().containsKey(upstream))
                    .ifPresent(upstream -> refusals.add(new Refusal(
                            ErrorCode.ENVIRONMENT_IN_USE,
                            "environment %s is not declared, so pruning would delete it, but %s names it as upstream"
                                    .formatted(upstream, name),
                            Map.of("environment", upstream.value(), "downstream", name.value())))));
            refuseIfAny(refusals);
        }
        declared.forEach((name, config) -> config.checkDestinations(name));
        Map<EnvName, EnvironmentConfig> result = new HashMap<>(prune ? Map.of() : current.environments());
        result.putAll(declared);
        EnvironmentGraph graph = EnvironmentGraph.checked(result);

        List<ConfigChange> changes = new ArrayList<>();
        Map<String, Object> platformValues = desired.platform().values();
        if (!platformValues.equals(current.platformValues())) {
            changes.add(
                    update(Kind.PLATFORM, "values", valuesTree(current.platformValues()), valuesTree(platformValues)));
        }
        Map<StackName, StackDefinition> stacks = new TreeMap<>();
        desired.stacks().forEach(declaration -> stacks.put(declaration.name(), declaration.definition()));
        stacks.forEach((name, definition) -> {
            StackDefinition existing = current.stacks().get(name);
            if (existing == null) {
                changes.add(create(Kind.STACK, name.value(), tree(definition)));
            } else if (!existing.equals(definition)) {
                changes.add(update(Kind.STACK, name.value(), tree(existing), tree(definition)));
            }
        });
        desired.applications()
                .forEach(declaration -> declaration
                        .stack()
                        .filter(stack -> !stacks.containsKey(stack)
                                && (prune || !current.stacks().containsKey(stack)))
                        .ifPresent(stack -> refusals.add(new Refusal(
                                ErrorCode.STACK_NOT_FOUND,
                                "application %s names stack %s, which is not declared%s"
                                        .formatted(declaration.name(), stack, prune ? "" : " nor on the server"),
                                Map.of("application", declaration.name().value(), "stack", stack.value())))));
        refuseIfAny(refusals);
        for (EnvName name : graph.upstreamOrder()) {
            EnvironmentConfig config = declared.get(name);
            if (config == null) {
                continue;
            }
            Optional<EnvironmentConfig> existing =
                    Optional.ofNullable(current.environments().get(name));
            if (existing.isEmpty()) {
                changes.add(create(Kind.ENVIRONMENT, name.value(), tree(config)));
            } else if (!existing.get().equals(config)) {
                changes.add(update(Kind.ENVIRONMENT, name.value(), tree(existing.get()), tree(config)));
            }
        }

        Map<AppName, ApplicationSpec> applications = new TreeMap<>();
        desired.applications().forEach(declaration -> applications.put(declaration.name(), declaration.spec()));
        applications.forEach((name, spec) -> {
            ApplicationSpec existing = current.applications().get(name);
            if (existing == null) {
                changes.add(create(Kind.APPLICATION, name.value(), applicationTree(spec)));
            } else if (!existing.equals(spec)) {
                changes.add(new ConfigChange(
                        Kind.APPLICATION,
                        name.value(),
                        Action.UPDATE,
                        FieldDiff.between(applicationTree(existing), applicationTree(spec)),
                        chartNote(existing, spec)));
            }
        });

        // Image sources come after their applications; a declared application's file is the whole truth about its
        // sources only with prune (as for everything else).
        List<ConfigChange> sourceDeletions = new ArrayList<>();
        for (ApplicationDeclaration declaration : desired.applications()) {
            Map<String, ImageSource> existing = current.imageSources().getOrDefault(declaration.name(), Map.of());
            declaration.sources().forEach((source, wanted) -> {
                String key = declaration.name().value() + "/" + source;
                ImageSource had = existing.get(source);
                if (had == null) {
                    changes.add(create(Kind.IMAGE_SOURCE, key, Json.mapper().valueToTree(wanted.toMap())));
                } else if (!had.equals(wanted)) {
                    changes.add(update(
                            Kind.IMAGE_SOURCE,
                            key,
                            Json.mapper().valueToTree(had.toMap()),
                            Json.mapper().valueToTree(wanted.toMap())));
                }
            });
            existing.keySet().stream()
                    .filter(source -> !declaration.sources().containsKey(source))
                    .sorted()
                    .forEach(source ->
                            sourceDeletions.add(imageSourceDeletion(declaration.name(), existing.get(source))));
        }

        // Chart subscriptions likewise.
        for (ApplicationDeclaration declaration : desired.applications()) {
            Map<String, ChartSubscription> existing =
                    current.chartSubscriptions().getOrDefault(declaration.name(), Map.of());
            declaration.subscriptions().forEach((subscription, wanted) -> {
                String key = declaration.name().value() + "/" + subscription;
                ChartSubscription had = existing.get(subscription);
                if (had == null) {
                    changes.add(
                            create(Kind.CHART_SUBSCRIPTION, key, Json.mapper().valueToTree(wanted.toMap())));
                } else if (!had.toMap().equals(wanted.toMap())) {
                    changes.add(update(
                            Kind.CHART_SUBSCRIPTION,
                            key,
                            Json.mapper().valueToTree(had.toMap()),
                            Json.mapper().valueToTree(wanted.toMap())));
                }
            });
            existing.keySet().stream()
                    .filter(subscription -> !declaration.subscriptions().containsKey(subscription))
                    .sorted()
                    .forEach(subscription -> sourceDeletions.add(
                            chartSubscriptionDeletion(declaration.name(), existing.get(subscription))));
        }

        List<EnvName> undeclaredEnvironments = current.environments().keySet().stream()
                .filter(name -> !declared.containsKey(name))
                .sorted()
                .toList();
        List<AppName> undeclaredApplications = current.applications().keySet().stream()
                .filter(name -> !applications.containsKey(name))
                .sorted()
                .toList();
        List<StackName> undeclaredStacks = current.stacks().keySet().stream()
                .filter(name -> !stacks.containsKey(name))
                .sorted()
                .toList();
        if (!prune) {
            return new ConfigPlan(changes, undeclaredEnvironments, undeclaredApplications, undeclaredStacks);
        }
        changes.addAll(sourceDeletions);

        for (AppName name : undeclaredApplications) {
            Set<EnvName> running = current.deployments().getOrDefault(name, Set.of());
            if (!running.isEmpty()) {
                refusals.add(new Refusal(
                        ErrorCode.APPLICATION_IN_USE,
                        "application %s is not declared, so pruning would delete it, but it still runs in %s; undeploy it first"
                                .formatted(name, names(running)),
                        Map.of("application", name.value(), "environments", names(running))));
                continue;
            }
            // Its image sources go first: left behind, they would scan for an application that is gone.
            current.imageSources().getOrDefault(name, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(source -> changes.add(imageSourceDeletion(name, source.getValue())));
            current.chartSubscriptions().getOrDefault(name, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(subscription -> changes.add(chartSubscriptionDeletion(name, subscription.getValue())));
            long releases = current.releaseCounts().getOrDefault(name, 0L);
            changes.add(new ConfigChange(
                    Kind.APPLICATION,
                    name.value(),
                    Action.DELETE,
                    FieldDiff.between(
                            applicationTree(current.applications().get(name)), JsonNodeFactory.instance.objectNode()),
                    releases == 0
                            ? Optional.empty()
                            : Optional.of("archives it; its %d release%s stay%s"
                                    .formatted(releases, releases == 1 ? "" : "s", releases == 1 ? "s" : ""))));
        }

        Map<EnvName, Set<AppName>> runningIn = new HashMap<>();
        current.deployments()
                .forEach((application, environments) -> environments.forEach(environment -> runningIn
                        .computeIfAbsent(environment, ignored -> new TreeSet<>())
                        .add(application)));
        List<EnvName> downstreamFirst =
                new ArrayList<>(EnvironmentGraph.of(current.environments()).upstreamOrder());
        java.util.Collections.reverse(downstreamFirst);
        for (EnvName name : downstreamFirst) {
            if (declared.containsKey(name)) {
                continue;
            }
            Set<AppName> running = runningIn.getOrDefault(name, Set.of());
            if (!running.isEmpty()) {
                refusals.add(new Refusal(
                        ErrorCode.ENVIRONMENT_NOT_EMPTY,
                        "environment %s is not declared, so pruning would delete it, but it still runs %s; remove them first"
                                .formatted(name, names(running)),
                        Map.of("environment", name.value(), "applications", names(running))));
                continue;
            }
            changes.add(new ConfigChange(
                    Kind.ENVIRONMENT,
                    name.value(),
                    Action.DELETE,
                    FieldDiff.between(tree(current.environments().get(name)), JsonNodeFactory.instance.objectNode()),
                    Optional.empty()));
        }
        // Stacks go last: the applications that named them are gone or declared with a declared stack by now.
        for (StackName name : undeclaredStacks) {
            changes.add(new ConfigChange(
                    Kind.STACK,
                    name.value(),
                    Action.DELETE,
                    FieldDiff.between(tree(current.stacks().get(name)), JsonNodeFactory.instance.objectNode()),
                    Optional.empty()));
        }
        refuseIfAny(refusals);
        return new ConfigPlan(changes, List.of(), List.of(), List.of());
    }

    private static ConfigChange create(Kind kind, String name, JsonNode after) {
        return new ConfigChange(
                kind,
                name,
                Action.CREATE,
                FieldDiff.between(JsonNodeFactory.instance.objectNode(), after),
                Optional.empty());
    }

    private static ConfigChange update(Kind kind, String name, JsonNode before, JsonNode after) {
        return new ConfigChange(kind, name, Action.UPDATE, FieldDiff.between(before, after), Optional.empty());
    }

    /**
     * Apply makes no release: releases come from CI, subscriptions and people. A changed chart is rendered by the
     * application's next release, which the plan says so that nobody waits for a deployment.
     */
    private static Optional<String> chartNote(ApplicationSpec existing, ApplicationSpec wanted) {
        if (wanted.settings().chart().isEmpty()
                || wanted.settings().chart().equals(existing.settings().chart())) {
            return Optional.empty();
        }
        return Optional.of("its next release renders the new chart; apply releases nothing");
    }

    private static JsonNode tree(EnvironmentConfig config) {
        return Json.mapper().valueToTree(config);
    }

    private static JsonNode applicationTree(ApplicationSpec spec) {
        var tree = JsonNodeFactory.instance.objectNode();
        spec.team().ifPresent(value -> tree.put("team", value.value()));
        spec.stack().ifPresent(value -> tree.put("stack", value.value()));
        tree.setAll(
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(spec.settings()));
        return tree;
    }

    private static JsonNode tree(StackDefinition definition) {
        return Json.mapper().valueToTree(definition);
    }

    private static JsonNode valuesTree(Map<String, Object> values) {
        var tree = JsonNodeFactory.instance.objectNode();
        tree.set("values", Json.mapper().valueToTree(values));
        return tree;
    }

    private static String names(Set<?> names) {
        return names.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    private static void refuseIfAny(List<Refusal> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        List<Map<String, Object>> problems = refusals.stream()
                .map(refusal -> {
                    Map<String, Object> problem = new LinkedHashMap<>();
                    problem.put("code", refusal.code().name());
                    problem.put("message", refusal.message());
                    problem.putAll(refusal.details());
                    return problem;
                })
                .toList();
        throw new TrebuchetException(
                refusals.getFirst().code(),
                refusals.stream().map(Refusal::message).collect(Collectors.joining("; ")),
                Map.of("problems", problems));
    }

    private record Refusal(ErrorCode code, String message, Map<String, Object> details) {}

    private static ConfigChange chartSubscriptionDeletion(AppName application, ChartSubscription subscription) {
        return new ConfigChange(
                Kind.CHART_SUBSCRIPTION,
                application.value() + "/" + subscription.name(),
                ConfigChange.Action.DELETE,
                FieldDiff.between(
                        Json.mapper().valueToTree(subscription.toMap()), JsonNodeFactory.instance.objectNode()),
                Optional.empty());
    }

    private static ConfigChange imageSourceDeletion(AppName application, ImageSource source) {
        return new ConfigChange(
                Kind.IMAGE_SOURCE,
                application.value() + "/" + source.name(),
                ConfigChange.Action.DELETE,
                FieldDiff.between(Json.mapper().valueToTree(source.toMap()), JsonNodeFactory.instance.objectNode()),
                Optional.empty());
    }
}
