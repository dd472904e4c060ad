package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.list;
import static io.trebuchet.environment.ConfigChecks.optionalLabel;
import static io.trebuchet.environment.ConfigChecks.text;
import static io.trebuchet.environment.ConfigChecks.texts;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Argo CD settings of an environment (Kuberpult's {@code argocd} object), or of one concrete cluster of an
 * active/active environment ({@code argoConfigs.configs[]}, which also names the cluster).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArgoCdConfig(
        Destination destination,
        List<SyncWindow> syncWindows,
        List<AccessEntry> accessList,
        Map<String, String> applicationAnnotations,
        List<IgnoreDifference> ignoreDifferences,
        List<String> syncOptions,
        @JsonAlias("concrete_env_name") Optional<String> concreteEnvName) {
    private static final Pattern ANNOTATION_KEY =
            Pattern.compile("([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

    public ArgoCdConfig {
        if (destination == null) {
            throw invalid("argocd.destination", "is missing");
        }
        syncWindows = list(syncWindows, "argocd.syncWindows");
        accessList = list(accessList, "argocd.accessList");
        applicationAnnotations = annotations(applicationAnnotations);
        ignoreDifferences = list(ignoreDifferences, "argocd.ignoreDifferences");
        syncOptions = texts(syncOptions, "argocd.syncOptions");
        syncOptions.forEach(option -> {
            if (!option.contains("=")) {
                throw invalid("argocd.syncOptions", "'%s' is not of the form Name=value".formatted(option));
            }
        });
        concreteEnvName = optionalLabel(concreteEnvName, "argoConfigs.configs.concreteEnvName");
    }

    private static Map<String, String> annotations(Map<String, String> annotations) {
        if (annotations == null) {
            return Map.of();
        }
        if (annotations.size() > ConfigChecks.MAX_ITEMS) {
            throw invalid("argocd.applicationAnnotations", "has too many entries");
        }
        Map<String, String> sorted = new TreeMap<>();
        annotations.forEach((key, value) -> {
            if (key == null || !ANNOTATION_KEY.matcher(key).matches()) {
                throw invalid("argocd.applicationAnnotations", "'%s' is not a valid annotation key".formatted(key));
            }
            sorted.put(key, text(value, "argocd.applicationAnnotations." + key));
        });
        return java.util.Collections.unmodifiableMap(sorted);
    }
}
