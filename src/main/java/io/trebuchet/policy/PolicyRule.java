package io.trebuchet.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** A best-practice rule, named as environments configure it. */
public enum PolicyRule {
    PINNED_IMAGE_TAG("pinned-image-tag", "images have a tag other than latest, or a digest"),
    RESOURCES("resources", "containers set cpu and memory requests and limits"),
    NON_ROOT("non-root", "pods run as non-root, without privileged mode or privilege escalation"),
    UNPRIVILEGED_PORTS("unprivileged-ports", "non-root containers listen on ports 1024 and above"),
    NO_PLAIN_SECRETS("no-plain-secrets", "no plain-text Secret data in git (use an external or encrypted secret)"),
    CHART_APP_VERSION("chart-app-version", "a chart's appVersion is set to an image tag, never latest"),
    CHART_RESOURCES("chart-resources", "a chart's values.yaml sets resources requests and limits (cpu, memory)"),
    CHART_SECURITY_CONTEXT(
            "chart-security-context", "a chart's values.yaml has a securityContext with non-root defaults"),
    CHART_STABLE_VERSION(
            "chart-stable-version", "a chart released to preprod or production has a version of 1.0.0 or more"),
    /**
     * Kuberpult stores any manifest text; Argo CD cannot apply a document that is not an object. An environment that
     * wants such releases refused sets this rule to {@code error}; by default they are stored with a warning.
     */
    KUBERNETES_OBJECTS("kubernetes-objects", "every YAML document of a manifest is a Kubernetes object (a mapping)");

    private final String id;
    private final String description;

    PolicyRule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    @JsonCreator
    public static PolicyRule of(String id) {
        for (PolicyRule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_ENVIRONMENT_CONFIG,
                "policies: unknown rule '%s'; the rules are %s"
                        .formatted(
                                id, Arrays.stream(values()).map(PolicyRule::id).collect(Collectors.joining(", "))),
                Map.of("field", "policies"));
    }
}
