package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.text;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A cluster-scoped resource kind the environment's AppProject may deploy. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AccessEntry(String group, String kind) {
    public AccessEntry {
        text(group, "argocd.accessList.group");
        text(kind, "argocd.accessList.kind");
        if (kind.isBlank()) {
            throw invalid("argocd.accessList.kind", "is empty");
        }
    }
}
