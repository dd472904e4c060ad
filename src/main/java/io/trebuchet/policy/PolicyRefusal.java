package io.trebuchet.policy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The refusal of a release or deploy whose manifests break rules an environment treats as errors. */
public final class PolicyRefusal {
    private static final int LISTED_IN_MESSAGE = 3;

    private PolicyRefusal() {}

    public static TrebuchetException of(String what, Map<EnvName, List<Finding>> errors) {
        List<Map<String, Object>> violations = new ArrayList<>();
        List<String> described = new ArrayList<>();
        errors.forEach((environment, findings) -> findings.forEach(finding -> {
            Violation violation = finding.violation();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("environment", environment.value());
            entry.put("rule", violation.rule().id());
            entry.put("kind", violation.kind());
            entry.put("name", violation.name());
            violation.container().ifPresent(container -> entry.put("container", container));
            entry.put("path", violation.path());
            entry.put("message", violation.message());
            violations.add(entry);
            described.add(environment + ": " + violation.describe());
        }));
        String listed = described.stream().limit(LISTED_IN_MESSAGE).collect(Collectors.joining("; "));
        String more = described.size() > LISTED_IN_MESSAGE
                ? " and %d more (see details)".formatted(described.size() - LISTED_IN_MESSAGE)
                : "";
        return new TrebuchetException(
                ErrorCode.POLICY_VIOLATION,
                "%s breaks policies that %s treats as errors: %s%s"
                        .formatted(
                                what,
                                errors.keySet().stream().map(EnvName::value).collect(Collectors.joining(", ")),
                                listed,
                                more),
                Map.of("violations", violations));
    }
}
