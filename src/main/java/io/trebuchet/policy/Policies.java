package io.trebuchet.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An environment's severity per rule; rules it does not name are {@link Severity#DEFAULT}. */
public record Policies(Map<PolicyRule, Severity> severities) {
    public Policies {
        EnumMap<PolicyRule, Severity> copy = new EnumMap<>(PolicyRule.class);
        copy.putAll(requireNonNull(severities, "severities is null"));
        severities = Collections.unmodifiableMap(copy);
    }

    public static Policies defaults() {
        return new Policies(Map.of());
    }

    @JsonCreator
    public static Policies of(Map<PolicyRule, Severity> severities) {
        return new Policies(severities);
    }

    public Severity severity(PolicyRule rule) {
        return severities.getOrDefault(rule, Severity.DEFAULT);
    }

    /** The findings that count here (severity not off), errors first. */
    public List<Finding> judge(List<Violation> violations) {
        return violations.stream()
                .map(violation -> new Finding(violation, severity(violation.rule())))
                .filter(finding -> finding.severity() != Severity.OFF)
                .sorted((a, b) -> b.severity().compareTo(a.severity()))
                .toList();
    }

    public static List<Finding> errors(List<Finding> findings) {
        return findings.stream()
                .filter(finding -> finding.severity() == Severity.ERROR)
                .toList();
    }

    @JsonValue
    Map<String, String> json() {
        Map<String, String> json = new TreeMap<>();
        severities.forEach((rule, severity) -> json.put(rule.id(), severity.label()));
        return json;
    }
}
