package io.trebuchet.application;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.template.Template;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How an application's manifests are made when a release carries parameters instead of manifests: its template or its
 * Helm chart, its layer of values, its values per environment, and the environments they render for (all when empty).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApplicationSettings(
        Optional<Template> template,
        Map<String, Object> values,
        Map<EnvName, Map<String, Object>> environmentValues,
        List<EnvName> environments,
        Optional<ApplicationChart> chart) {
    public static final ApplicationSettings NONE =
            new ApplicationSettings(Optional.empty(), Map.of(), Map.of(), List.of(), Optional.empty());

    public ApplicationSettings(
            Optional<Template> template,
            Map<String, Object> values,
            Map<EnvName, Map<String, Object>> environmentValues,
            List<EnvName> environments) {
        this(template, values, environmentValues, environments, Optional.empty());
    }

    public ApplicationSettings {
        template = template == null ? Optional.empty() : template;
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        Values.flatten(values, "application values");
        Map<EnvName, Map<String, Object>> perEnvironment = new TreeMap<>();
        if (environmentValues != null) {
            environmentValues.forEach((environment, layer) -> {
                requireNonNull(environment, "environment is null");
                Map<String, Object> copy = layer == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(layer));
                Values.flatten(copy, "values of environment " + environment);
                perEnvironment.put(environment, copy);
            });
        }
        environmentValues = Collections.unmodifiableMap(perEnvironment);
        if (environments != null && environments.stream().anyMatch(Objects::isNull)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "environments contains null", Map.of("field", "environments"));
        }
        environments = environments == null ? List.of() : List.copyOf(environments);
        chart = chart == null ? Optional.empty() : chart;
        if (template.isPresent() && chart.isPresent()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_CHART,
                    "an application is rendered from a template or from a chart, not both",
                    Map.of("field", "chart"));
        }
    }

    public Map<String, Object> flatValues() {
        return Values.flatten(values, "application values");
    }

    public Map<String, Object> flatValues(EnvName environment) {
        return Values.flatten(
                environmentValues.getOrDefault(environment, Map.of()), "values of environment " + environment);
    }
}
