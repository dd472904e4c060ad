package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.text;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A cluster-scoped resource kind the environment's AppProject may deploy. The group of the core API (Namespace) is
 * the empty string; a missing group means that one too, and the group is always written, empty or not.
 */
public record AccessEntry(
        @JsonInclude(JsonInclude.Include.ALWAYS) String group, String kind) {
    public AccessEntry {
        group = text(group == null ? "" : group, "argocd.accessList.group");
        text(kind, "argocd.accessList.kind");
        if (kind.isBlank()) {
            throw invalid("argocd.accessList.kind", "is empty");
        }
    }
}
