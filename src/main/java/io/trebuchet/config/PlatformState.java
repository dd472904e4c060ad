package io.trebuchet.config;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationSpec;
import io.trebuchet.chart.ChartSubscription;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.imageautomation.ImageSource;
import io.trebuchet.stack.StackDefinition;
import java.util.Map;
import java.util.Set;

/**
 * What the server has now, as far as a platform directory declares it: environments, applications with what is
 * declared about them and their number of releases, where each application runs, stacks and the platform's values.
 */
record PlatformState(
        Map<EnvName, EnvironmentConfig> environments,
        Map<AppName, ApplicationSpec> applications,
        Map<AppName, Long> releaseCounts,
        Map<AppName, Set<EnvName>> deployments,
        Map<StackName, StackDefinition> stacks,
        Map<String, Object> platformValues,
        Map<AppName, Map<String, ImageSource>> imageSources,
        Map<AppName, Map<String, ChartSubscription>> chartSubscriptions) {
    PlatformState {
        environments = Map.copyOf(requireNonNull(environments, "environments is null"));
        applications = Map.copyOf(requireNonNull(applications, "applications is null"));
        releaseCounts = Map.copyOf(requireNonNull(releaseCounts, "releaseCounts is null"));
        Map<AppName, Set<EnvName>> copy = new java.util.HashMap<>();
        requireNonNull(deployments, "deployments is null")
                .forEach((application, running) -> copy.put(application, Set.copyOf(running)));
        deployments = Map.copyOf(copy);
        stacks = Map.copyOf(requireNonNull(stacks, "stacks is null"));
        platformValues = Map.copyOf(requireNonNull(platformValues, "platformValues is null"));
        Map<AppName, Map<String, ImageSource>> sources = new java.util.HashMap<>();
        requireNonNull(imageSources, "imageSources is null")
                .forEach((application, named) -> sources.put(application, Map.copyOf(named)));
        imageSources = Map.copyOf(sources);
        Map<AppName, Map<String, ChartSubscription>> subscriptions = new java.util.HashMap<>();
        requireNonNull(chartSubscriptions, "chartSubscriptions is null")
                .forEach((application, named) -> subscriptions.put(application, Map.copyOf(named)));
        chartSubscriptions = Map.copyOf(subscriptions);
    }

    PlatformState(
            Map<EnvName, EnvironmentConfig> environments,
            Map<AppName, ApplicationSpec> applications,
            Map<AppName, Long> releaseCounts,
            Map<AppName, Set<EnvName>> deployments,
            Map<StackName, StackDefinition> stacks,
            Map<String, Object> platformValues,
            Map<AppName, Map<String, ImageSource>> imageSources) {
        this(environments, applications, releaseCounts, deployments, stacks, platformValues, imageSources, Map.of());
    }

    PlatformState(
            Map<EnvName, EnvironmentConfig> environments,
            Map<AppName, ApplicationSpec> applications,
            Map<AppName, Long> releaseCounts,
            Map<AppName, Set<EnvName>> deployments,
            Map<StackName, StackDefinition> stacks,
            Map<String, Object> platformValues) {
        this(environments, applications, releaseCounts, deployments, stacks, platformValues, Map.of());
    }

    PlatformState(
            Map<EnvName, EnvironmentConfig> environments,
            Map<AppName, ApplicationSpec> applications,
            Map<AppName, Long> releaseCounts,
            Map<AppName, Set<EnvName>> deployments) {
        this(environments, applications, releaseCounts, deployments, Map.of(), Map.of(), Map.of());
    }
}
