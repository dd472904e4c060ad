package io.trebuchet.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying a platform does, in the order it is done, and what the server has that the directory does not declare
 * (kept unless pruning).
 */
public record ConfigPlan(
        List<ConfigChange> changes,
        List<EnvName> undeclaredEnvironments,
        List<AppName> undeclaredApplications,
        List<StackName> undeclaredStacks) {
    public ConfigPlan {
        undeclaredStacks = List.copyOf(undeclaredStacks);
        changes = List.copyOf(changes);
        undeclaredEnvironments = List.copyOf(undeclaredEnvironments);
        undeclaredApplications = List.copyOf(undeclaredApplications);
    }

    /** How many changes of each action: {@code {"create": 2, "update": 0, "delete": 1}}. */
    @JsonProperty("summary")
    public Map<String, Long> summary() {
        Map<String, Long> summary = new LinkedHashMap<>();
        for (ConfigChange.Action action : ConfigChange.Action.values()) {
            summary.put(
                    action.label(),
                    changes.stream().filter(change -> change.action() == action).count());
        }
        return summary;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
