package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optionalText;
import static io.trebuchet.environment.ConfigChecks.text;
import static io.trebuchet.environment.ConfigChecks.texts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/** A difference Argo CD ignores when it compares the manifests with the cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IgnoreDifference(
        Optional<String> group,
        String kind,
        Optional<String> name,
        Optional<String> namespace,
        List<String> jsonPointers,
        List<String> jqPathExpressions,
        List<String> managedFieldsManagers) {
    public IgnoreDifference {
        group = optionalText(group, "argocd.ignoreDifferences.group");
        text(kind, "argocd.ignoreDifferences.kind");
        if (kind.isBlank()) {
            throw invalid("argocd.ignoreDifferences.kind", "is empty");
        }
        name = optionalText(name, "argocd.ignoreDifferences.name");
        namespace = optionalText(namespace, "argocd.ignoreDifferences.namespace");
        jsonPointers = texts(jsonPointers, "argocd.ignoreDifferences.jsonPointers");
        jsonPointers.forEach(pointer -> {
            if (!pointer.startsWith("/")) {
                throw invalid(
                        "argocd.ignoreDifferences.jsonPointers",
                        "'%s' is not a JSON pointer (it starts with /)".formatted(pointer));
            }
        });
        jqPathExpressions = texts(jqPathExpressions, "argocd.ignoreDifferences.jqPathExpressions");
        managedFieldsManagers = texts(managedFieldsManagers, "argocd.ignoreDifferences.managedFieldsManagers");
    }
}
