package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.text;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cluster-scoped resource kind the environment's AppProject may deploy. The group is written even when empty: {@code
 * ""} is the Kubernetes core API group.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AccessEntry(String group, String kind) {
    public AccessEntry {
        text(group, "argocd.accessList.group");
        text(kind, "argocd.accessList.kind");
        if (kind.isBlank()) {
            throw invalid("argocd.accessList.kind", "is empty");
        }
    }
}
