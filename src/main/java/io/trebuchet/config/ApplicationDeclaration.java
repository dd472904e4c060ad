package io.trebuchet.config;

import io.trebuchet.application.ApplicationSettings;
import io.trebuchet.application.ApplicationSpec;
import io.trebuchet.chart.ChartSubscription;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.imageautomation.ImageSource;
import io.trebuchet.template.Template;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One application of a platform directory: its name, team and stack, and how its manifests are made from a template
 * (its layer of values, its values per environment, the environments the template renders for). In a file, {@code
 * templateFile: templates/x.yaml} names the template by its path in the directory instead of inlining it; {@code
 * chart} names a Helm chart instead of a template (see {@link ChartDeclaration}).
 * {@code imageSources} maps a source's name to its fields (see {@link ImageSource}), {@code chartSubscriptions} a
 * subscription's name to its fields (see {@link ChartSubscription}).
 */
public record ApplicationDeclaration(
        AppName name,
        Optional<TeamName> team,
        Optional<StackName> stack,
        Optional<Template> template,
        Map<String, Object> values,
        Map<EnvName, Map<String, Object>> environmentValues,
        List<EnvName> environments,
        Map<String, Map<String, Object>> imageSources,
        Map<String, Map<String, Object>> chartSubscriptions,
        Optional<ChartDeclaration> chart) {
    public ApplicationDeclaration {
        if (name == null) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_APPLICATION_NAME, "application name is missing", Map.of("field", "name"));
        }
        chart = chart == null ? Optional.empty() : chart;
        ApplicationSpec spec = new ApplicationSpec(
                team,
                stack,
                new ApplicationSettings(
                        template,
                        values,
                        environmentValues,
                        environments,
                        chart.map(ChartDeclaration::applicationChart)));
        team = spec.team();
        stack = spec.stack();
        template = spec.settings().template();
        values = spec.settings().values();
        environmentValues = spec.settings().environmentValues();
        environments = spec.settings().environments();
        imageSources = imageSources == null ? Map.of() : Map.copyOf(imageSources);
        // Read each source now, so that a wrong one is a problem of the file that declares it.
        imageSources.forEach((source, fields) -> ImageSource.fromMap(name, source, fields));
        chartSubscriptions = chartSubscriptions == null ? Map.of() : Map.copyOf(chartSubscriptions);
        chartSubscriptions.forEach((subscription, fields) -> {
            ChartSubscription.checkName(subscription);
            ChartSubscription.fromMap(name, subscription, fields);
        });
    }

    public ApplicationDeclaration(
            AppName name,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Template> template,
            Map<String, Object> values,
            Map<EnvName, Map<String, Object>> environmentValues,
            List<EnvName> environments,
            Map<String, Map<String, Object>> imageSources) {
        this(name, team, stack, template, values, environmentValues, environments, imageSources, Map.of());
    }

    public ApplicationDeclaration(
            AppName name,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Template> template,
            Map<String, Object> values,
            Map<EnvName, Map<String, Object>> environmentValues,
            List<EnvName> environments,
            Map<String, Map<String, Object>> imageSources,
            Map<String, Map<String, Object>> chartSubscriptions) {
        this(
                name,
                team,
                stack,
                template,
                values,
                environmentValues,
                environments,
                imageSources,
                chartSubscriptions,
                Optional.empty());
    }

    public ApplicationDeclaration(
            AppName name,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Template> template,
            Map<String, Object> values,
            Map<EnvName, Map<String, Object>> environmentValues,
            List<EnvName> environments) {
        this(name, team, stack, template, values, environmentValues, environments, Map.of(), Map.of());
    }

    /** The declared chart subscriptions, read, by name. */
    public Map<String, ChartSubscription> subscriptions() {
        Map<String, ChartSubscription> subscriptions = new java.util.TreeMap<>();
        chartSubscriptions.forEach((subscription, fields) ->
                subscriptions.put(subscription, ChartSubscription.fromMap(name, subscription, fields)));
        return subscriptions;
    }

    /** The declared image sources, read, by name. */
    public Map<String, ImageSource> sources() {
        Map<String, ImageSource> sources = new java.util.TreeMap<>();
        imageSources.forEach((source, fields) -> sources.put(source, ImageSource.fromMap(name, source, fields)));
        return sources;
    }

    public ApplicationDeclaration(AppName name, Optional<TeamName> team) {
        this(name, team, Optional.empty(), Optional.empty(), Map.of(), Map.of(), List.of());
    }

    public ApplicationSpec spec() {
        return new ApplicationSpec(
                team,
                stack,
                new ApplicationSettings(
                        template,
                        values,
                        environmentValues,
                        environments,
                        chart.map(ChartDeclaration::applicationChart)));
    }
}
