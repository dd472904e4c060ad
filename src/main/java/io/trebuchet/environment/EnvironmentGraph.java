package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * The upstream links of all environments, checked to form a forest (no cycles), and the order people read them in:
 * upstream before downstream, groups by their most upstream member. An upstream that does not exist (yet) is allowed,
 * as Kuberpult allows it (it logs an error and trains skip the environment); it is reported by {@link
 * #missingUpstreams()}, and {@link #checked} refuses it where every environment is declared at once.
 */
public final class EnvironmentGraph {
    private final Map<EnvName, EnvironmentConfig> configs;
    private final Map<EnvName, Integer> depths;

    private EnvironmentGraph(Map<EnvName, EnvironmentConfig> configs, Map<EnvName, Integer> depths) {
        this.configs = configs;
        this.depths = depths;
    }

    /**
     * Checks that the upstream links of {@code configs} form no cycle, or names it; an upstream that does not exist
     * is allowed (see {@link #missingUpstreams()}).
     */
    public static EnvironmentGraph of(Map<EnvName, EnvironmentConfig> configs) {
        Map<EnvName, EnvironmentConfig> sorted = new TreeMap<>(requireNonNull(configs, "configs is null"));
        Map<EnvName, Integer> depths = new HashMap<>();
        for (EnvName name : sorted.keySet()) {
            depth(name, sorted, depths, new LinkedHashSet<>());
        }
        return new EnvironmentGraph(java.util.Collections.unmodifiableMap(sorted), Map.copyOf(depths));
    }

    /**
     * As {@link #of}, and every upstream must exist: for a platform directory, which declares every environment at
     * once, so a missing upstream is a typo.
     */
    public static EnvironmentGraph checked(Map<EnvName, EnvironmentConfig> configs) {
        EnvironmentGraph graph = of(configs);
        graph.missingUpstreams().entrySet().stream().findFirst().ifPresent(missing -> {
            throw new TrebuchetException(
                    ErrorCode.UNKNOWN_UPSTREAM,
                    "environment %s names upstream environment %s, which does not exist"
                            .formatted(missing.getKey(), missing.getValue()),
                    Map.of(
                            "environment",
                            missing.getKey().value(),
                            "upstream",
                            missing.getValue().value()));
        });
        return graph;
    }

    /** Each environment whose upstream environment does not exist, with that upstream, by name. */
    public Map<EnvName, EnvName> missingUpstreams() {
        Map<EnvName, EnvName> missing = new TreeMap<>();
        configs.forEach((name, config) -> config.upstream()
                .flatMap(Upstream::environment)
                .filter(upstream -> !configs.containsKey(upstream))
                .ifPresent(upstream -> missing.put(name, upstream)));
        return java.util.Collections.unmodifiableMap(missing);
    }

    private static int depth(
            EnvName name,
            Map<EnvName, EnvironmentConfig> configs,
            Map<EnvName, Integer> depths,
            SequencedSet<EnvName> path) {
        Integer known = depths.get(name);
        if (known != null) {
            return known;
        }
        if (!path.add(name)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (EnvName step : path) {
                inCycle |= step.equals(name);
                if (inCycle) {
                    cycle.add(step.value());
                }
            }
            cycle.add(name.value());
            throw new TrebuchetException(
                    ErrorCode.UPSTREAM_CYCLE,
                    "upstream links form a cycle: " + String.join(" -> ", cycle),
                    Map.of("cycle", cycle));
        }
        // An upstream that does not exist makes its environment a root of the order.
        Optional<EnvName> upstream =
                configs.get(name).upstream().flatMap(Upstream::environment).filter(configs::containsKey);
        int depth =
                upstream.map(parent -> depth(parent, configs, depths, path) + 1).orElse(0);
        path.removeLast();
        depths.put(name, depth);
        return depth;
    }

    public Optional<EnvironmentConfig> config(EnvName name) {
        return Optional.ofNullable(configs.get(name));
    }

    /** Environments that name {@code name} as their upstream. */
    public List<EnvName> downstreamOf(EnvName name) {
        return configs.entrySet().stream()
                .filter(entry -> entry.getValue()
                        .upstream()
                        .flatMap(Upstream::environment)
                        .filter(name::equals)
                        .isPresent())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** All environments, upstream first: by distance from the root of their chain, then by name. */
    public List<EnvName> upstreamOrder() {
        return configs.keySet().stream()
                .sorted(Comparator.comparing((EnvName name) -> depths.get(name))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Groups with their members, both in upstream order; a group sorts by its most upstream member. */
    public Map<GroupName, List<EnvName>> groupsInUpstreamOrder() {
        Map<GroupName, List<EnvName>> groups = new LinkedHashMap<>();
        for (EnvName name : upstreamOrder()) {
            groups.computeIfAbsent(configs.get(name).group(name), ignored -> new ArrayList<>())
                    .add(name);
        }
        Map<GroupName, List<EnvName>> copy = new LinkedHashMap<>();
        groups.forEach((group, members) -> copy.put(group, List.copyOf(members)));
        return java.util.Collections.unmodifiableMap(copy);
    }
}
