package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.list;
import static io.trebuchet.environment.ConfigChecks.optional;
import static io.trebuchet.environment.ConfigChecks.optionalLabel;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kuberpult's current form of the Argo CD settings: one config per concrete cluster. Several configs make an
 * active/active environment, which needs a {@code commonEnvPrefix} and a distinct {@code concreteEnvName} per config.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArgoConfigs(
        @JsonAlias("common_env_prefix") Optional<String> commonEnvPrefix,
        List<ArgoCdConfig> configs,
        @JsonAlias("is_active_active") Optional<Boolean> isActiveActive) {
    public ArgoConfigs {
        commonEnvPrefix = optionalLabel(
                optional(commonEnvPrefix).filter(prefix -> !prefix.isEmpty()), "argoConfigs.commonEnvPrefix");
        configs = list(configs, "argoConfigs.configs");
        isActiveActive = optional(isActiveActive);
        if (configs.isEmpty()) {
            throw invalid("argoConfigs.configs", "needs at least one config");
        }
        boolean activeActive = isActiveActive.orElse(configs.size() > 1);
        if (activeActive) {
            if (commonEnvPrefix.isEmpty()) {
                throw invalid("argoConfigs.commonEnvPrefix", "is required for an active/active environment");
            }
            Set<String> seen = new HashSet<>();
            for (ArgoCdConfig config : configs) {
                String concrete = config.concreteEnvName()
                        .orElseThrow(() -> invalid(
                                "argoConfigs.configs.concreteEnvName",
                                "is required for each config of an active/active environment"));
                if (!seen.add(concrete)) {
                    throw invalid("argoConfigs.configs.concreteEnvName", "'%s' is used twice".formatted(concrete));
                }
            }
        } else {
            if (configs.size() > 1) {
                throw invalid("argoConfigs.isActiveActive", "is false but there are several configs");
            }
            if (commonEnvPrefix.isPresent() || configs.get(0).concreteEnvName().isPresent()) {
                throw invalid(
                        "argoConfigs", "commonEnvPrefix and concreteEnvName are only for active/active environments");
            }
        }
    }

    public boolean activeActive() {
        return configs.size() > 1 || isActiveActive.orElse(false);
    }
}
