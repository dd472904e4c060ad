package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optional;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Severity;
import io.trebuchet.template.Values;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An environment's configuration, in the JSON format of Kuberpult's {@code config.json}: its upstream, its group,
 * its Argo CD settings either as the legacy single {@code argocd} object or as {@code argoConfigs}, and what
 * Trebuchet adds: deploy-freeze windows and scheduled release trains. Unknown fields are refused so that a typo does
 * not silently drop a setting.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EnvironmentConfig(
        Optional<Upstream> upstream,
        @JsonAlias("environment_group") Optional<GroupName> environmentGroup,
        Optional<ArgoCdConfig> argocd,
        @JsonAlias("argo_configs") Optional<ArgoConfigs> argoConfigs,
        List<FreezeWindow> freezeWindows,
        List<TrainSchedule> releaseTrains,
        Map<String, String> policies,
        Map<String, Object> values,
        Optional<Boolean> allowPrereleaseCharts) {
    public EnvironmentConfig {
        allowPrereleaseCharts = optional(allowPrereleaseCharts);
        upstream = optional(upstream);
        environmentGroup = optional(environmentGroup);
        argocd = optional(argocd);
        argoConfigs = optional(argoConfigs);
        freezeWindows = ConfigChecks.list(freezeWindows, "freezeWindows");
        releaseTrains = ConfigChecks.list(releaseTrains, "releaseTrains");
        policies = policies == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(policies));
        policies.forEach((rule, severity) -> {
            PolicyRule.of(rule);
            Severity.of(severity);
        });
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        Values.flatten(values, "environment values");

        if (argocd.isPresent() && argoConfigs.isPresent()) {
            throw invalid("argocd", "and argoConfigs are two forms of the same settings; give one of them");
        }
        argocd.ifPresent(config -> {
            if (config.concreteEnvName().isPresent()) {
                throw invalid("argocd.concreteEnvName", "is only allowed inside argoConfigs.configs");
            }
        });
    }

    /** An environment without upstream, group or settings. */
    public static EnvironmentConfig empty() {
        return new EnvironmentConfig(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                Optional.empty());
    }

    /** An environment that follows {@code latest}, with no Argo CD settings of its own. */
    public static EnvironmentConfig latest() {
        return new EnvironmentConfig(
                Optional.of(Upstream.ofLatest()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                Optional.empty());
    }

    public static EnvironmentConfig downstreamOf(EnvName upstream) {
        return new EnvironmentConfig(
                Optional.of(Upstream.of(upstream)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                Optional.empty());
    }

    public static EnvironmentConfig parse(String json) {
        return Json.read(
                KuberpultConfigJson.normalize(json),
                EnvironmentConfig.class,
                ErrorCode.INVALID_ENVIRONMENT_CONFIG,
                "environment config");
    }

    public EnvironmentConfig withGroup(GroupName group) {
        return new EnvironmentConfig(
                upstream,
                Optional.of(group),
                argocd,
                argoConfigs,
                freezeWindows,
                releaseTrains,
                policies,
                values,
                allowPrereleaseCharts);
    }

    /**
     * Whether releases rendered from a pre-release chart version ({@code 1.5.0-dev.3}) may run here; off unless the
     * config says {@code allowPrereleaseCharts: true}, so that a chart subscription that considers pre-releases
     * reaches only the environments meant for them.
     */
    public boolean allowsPrereleaseCharts() {
        return allowPrereleaseCharts.orElse(false);
    }

    /** The Argo CD settings per concrete cluster, whichever form the config used; empty when it has none. */
    public List<ArgoCdConfig> argoCdConfigs() {
        if (argoConfigs.isPresent()) {
            return argoConfigs.get().configs();
        }
        return argocd.map(List::of).orElse(List.of());
    }

    /**
     * Refuses a config whose Argo CD destination has both a cluster {@code name} and a {@code server}: Argo CD rejects
     * such an Application. Checked where a config comes in, not where a stored one is read, so that an environment
     * stored before the check still loads (and can be corrected).
     */
    public void checkDestinations(EnvName environment) {
        for (ArgoCdConfig target : argoCdConfigs()) {
            Destination destination = target.destination();
            Optional<String> name = destination.name().filter(text -> !text.isBlank());
            Optional<String> server = destination.server().filter(text -> !text.isBlank());
            if (name.isPresent() && server.isPresent()) {
                throw new TrebuchetException(
                        ErrorCode.ARGOCD_DESTINATION_AMBIGUOUS,
                        ("environment %s: the Argo CD destination has both name '%s' and server '%s'; Argo CD refuses"
                                        + " an Application with both, so give only one")
                                .formatted(environment, name.get(), server.get()),
                        Map.of("environment", environment.value(), "field", "argocd.destination"));
            }
        }
    }

    /** The environment's severity per policy rule. */
    public Policies policyRules() {
        Map<PolicyRule, Severity> severities = new java.util.EnumMap<>(PolicyRule.class);
        policies.forEach((rule, severity) -> severities.put(PolicyRule.of(rule), Severity.of(severity)));
        return Policies.of(severities);
    }

    /** The environment's layer of template values, flattened to dotted names. */
    public Map<String, Object> flatValues() {
        return Values.flatten(values, "environment values");
    }

    public GroupName group(EnvName self) {
        return environmentGroup.orElseGet(() -> GroupName.of(self));
    }

    public String toJson() {
        return Json.write(this);
    }
}
