package io.trebuchet.chart;

import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart practices (Kalisio's): {@code appVersion} is the image tag the chart deploys, never {@code latest};
 * {@code values.yaml} makes resource requests and limits configurable and sets them; it makes the securityContext
 * configurable with non-root defaults; and a chart for preprod or production has a version of 1.0.0 or more. Every
 * violation names the chart file and its field; how much each counts is the environment's decision.
 */
final class ChartCheck {
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String KIND = "Chart";

    private ChartCheck() {}

    /** Every violation of the chart, the stable-version rule included (it counts only where {@link #stage} says). */
    static List<Violation> check(ChartArchive chart) {
        List<Violation> violations = new ArrayList<>();
        String chartFile = chart.directory() + "/Chart.yaml";
        String valuesFile = chart.directory() + "/values.yaml";
        Optional<String> appVersion = chart.appVersion().map(String::strip);
        if (appVersion.isEmpty() || appVersion.get().isEmpty()) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_APP_VERSION,
                    chartFile,
                    "appVersion",
                    "appVersion is not set; set it to the tag of the image the chart deploys"));
        } else if (appVersion.get().equals("latest")) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_APP_VERSION,
                    chartFile,
                    "appVersion",
                    "appVersion is 'latest'; set it to the tag of the image the chart deploys"));
        } else if (!IMAGE_TAG.matcher(appVersion.get()).matches()) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_APP_VERSION,
                    chartFile,
                    "appVersion",
                    "appVersion '%s' is not an image tag".formatted(appVersion.get())));
        }

        Map<String, Object> values = chart.values();
        Optional<Map<?, ?>> resources = map(values.get("resources"));
        if (resources.isEmpty()) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_RESOURCES,
                    valuesFile,
                    "resources",
                    "resources is not configurable: values.yaml has no resources map"));
        } else {
            for (String section : List.of("requests", "limits")) {
                Optional<Map<?, ?>> amounts = resources.flatMap(value -> map(value.get(section)));
                for (String resource : List.of("cpu", "memory")) {
                    if (amounts.map(value -> value.get(resource) == null).orElse(true)) {
                        violations.add(violation(
                                chart,
                                PolicyRule.CHART_RESOURCES,
                                valuesFile,
                                "resources.%s.%s".formatted(section, resource),
                                "resources.%s.%s has no default".formatted(section, resource)));
                    }
                }
            }
        }

        Optional<Map<?, ?>> container = map(values.get("securityContext"));
        Optional<Map<?, ?>> pod = map(values.get("podSecurityContext"));
        if (container.isEmpty() && pod.isEmpty()) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_SECURITY_CONTEXT,
                    valuesFile,
                    "securityContext",
                    "the securityContext is not configurable: values.yaml has neither securityContext nor"
                            + " podSecurityContext"));
        } else if (!nonRoot(container) && !nonRoot(pod)) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_SECURITY_CONTEXT,
                    valuesFile,
                    container.isPresent() ? "securityContext.runAsNonRoot" : "podSecurityContext.runAsNonRoot",
                    "runAsNonRoot: true is not a default"));
        }
        if (container
                .map(context -> Boolean.TRUE.equals(context.get("privileged")))
                .orElse(false)) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_SECURITY_CONTEXT,
                    valuesFile,
                    "securityContext.privileged",
                    "the default securityContext is privileged"));
        }

        if (!chart.version().stable()) {
            violations.add(violation(
                    chart,
                    PolicyRule.CHART_STABLE_VERSION,
                    chartFile,
                    "version",
                    "version %s is %s; preprod and production take 1.0.0 or more"
                            .formatted(
                                    chart.version(),
                                    chart.version().preRelease().isPresent() ? "a pre-release" : "below 1.0.0")));
        }
        return List.copyOf(violations);
    }

    /**
     * Whether an environment is a preprod or production stage, where the stable-version rule counts: its name or its
     * group starts with {@code prod}, {@code preprod} or {@code pre-prod}.
     */
    static boolean stage(String environment, String group) {
        return isStage(environment) || isStage(group);
    }

    private static boolean isStage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("prod") || lower.startsWith("preprod") || lower.startsWith("pre-prod");
    }

    private static boolean nonRoot(Optional<Map<?, ?>> context) {
        return context.map(value -> Boolean.TRUE.equals(value.get("runAsNonRoot")))
                .orElse(false);
    }

    private static Violation violation(ChartArchive chart, PolicyRule rule, String file, String field, String message) {
        return new Violation(rule, KIND, chart.name(), Optional.empty(), file + ": " + field, message);
    }

    private static Optional<Map<?, ?>> map(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of(map) : Optional.empty();
    }
}
