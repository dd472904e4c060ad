package io.trebuchet.policy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Finds every violation of every rule in a manifest (all documents), whatever an environment's severities: those
 * are applied by {@link Policies}. Workloads are found where Kubernetes keeps their pod spec: Pods, the template of
 * Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs, and the job template of CronJobs.
 */
public final class PolicyCheck {
    private static final Set<String> TEMPLATE_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController");

    private PolicyCheck() {}

    public static List<Violation> check(String manifest) {
        List<Violation> violations = new ArrayList<>();
        LoadSettings settings =
                Yaml.settings("manifest").setCodePointLimit(Integer.MAX_VALUE).build();
        try {
            int index = 0;
            for (Object document : Yaml.load(manifest, settings, "manifest")) {
                index++;
                if (document instanceof Map<?, ?> object) {
                    checkObject(object, violations);
                } else if (document != null) {
                    violations.add(new Violation(
                            PolicyRule.KUBERNETES_OBJECTS,
                            "Document",
                            "document " + index,
                            Optional.empty(),
                            "",
                            "is %s, not a Kubernetes object".formatted(describe(document))));
                }
            }
        } catch (YamlEngineException e) {
            // Manifests are checked as YAML when they are accepted; a template renders valid YAML.
            throw new IllegalArgumentException("policy check on a manifest that is not YAML", e);
        }
        return List.copyOf(violations);
    }

    private static String describe(Object document) {
        if (document instanceof List<?>) {
            return "a list";
        }
        return document instanceof String ? "a string" : "a scalar value";
    }

    private static void checkObject(Map<?, ?> object, List<Violation> violations) {
        String kind = text(object.get("kind")).orElse("Object");
        String name = map(object.get("metadata"))
                .flatMap(metadata -> text(metadata.get("name")))
                .orElse("(unnamed)");
        if (kind.equals("Secret")) {
            checkSecret(object, kind, name, violations);
        }
        if (kind.equals("List")) {
            list(object.get("items")).forEach(item -> map(item).ifPresent(nested -> checkObject(nested, violations)));
            return;
        }
        podSpec(kind, object).ifPresent(spec -> checkPod(spec.spec(), spec.path(), kind, name, violations));
    }

    private record PodSpec(Map<?, ?> spec, String path) {}

    private static Optional<PodSpec> podSpec(String kind, Map<?, ?> object) {
        Optional<Map<?, ?>> spec = map(object.get("spec"));
        if (kind.equals("Pod")) {
            return spec.map(value -> new PodSpec(value, "spec"));
        }
        if (TEMPLATE_KINDS.contains(kind)) {
            return spec.flatMap(value -> map(value.get("template")))
                    .flatMap(template -> map(template.get("spec")))
                    .map(value -> new PodSpec(value, "spec.template.spec"));
        }
        if (kind.equals("CronJob")) {
            return spec.flatMap(value -> map(value.get("jobTemplate")))
                    .flatMap(job -> map(job.get("spec")))
                    .flatMap(job -> map(job.get("template")))
                    .flatMap(template -> map(template.get("spec")))
                    .map(value -> new PodSpec(value, "spec.jobTemplate.spec.template.spec"));
        }
        return Optional.empty();
    }

    private static void checkPod(Map<?, ?> spec, String path, String kind, String name, List<Violation> violations) {
        Optional<Map<?, ?>> podSecurity = map(spec.get("securityContext"));
        boolean podNonRoot = podSecurity
                .map(context -> Boolean.TRUE.equals(context.get("runAsNonRoot")))
                .orElse(false);
        for (String field : List.of("initContainers", "containers")) {
            List<?> containers = list(spec.get(field));
            for (int index = 0; index < containers.size(); index++) {
                Optional<Map<?, ?>> container = map(containers.get(index));
                if (container.isPresent()) {
                    String containerPath = "%s.%s[%d]".formatted(path, field, index);
                    checkContainer(container.get(), containerPath, kind, name, podNonRoot, violations);
                }
            }
        }
    }

    private static void checkContainer(
            Map<?, ?> container,
            String path,
            String kind,
            String name,
            boolean podNonRoot,
            List<Violation> violations) {
        Optional<String> containerName = text(container.get("name"));
        Optional<String> image = text(container.get("image"));
        if (image.isEmpty()) {
            violations.add(new Violation(
                    PolicyRule.PINNED_IMAGE_TAG, kind, name, containerName, path + ".image", "no image is set"));
        } else {
            unpinned(image.get())
                    .ifPresent(reason -> violations.add(new Violation(
                            PolicyRule.PINNED_IMAGE_TAG, kind, name, containerName, path + ".image", reason)));
        }

        Optional<Map<?, ?>> resources = map(container.get("resources"));
        for (String section : List.of("requests", "limits")) {
            Optional<Map<?, ?>> values = resources.flatMap(value -> map(value.get(section)));
            for (String resource : List.of("cpu", "memory")) {
                if (values.map(value -> value.get(resource) == null).orElse(true)) {
                    violations.add(new Violation(
                            PolicyRule.RESOURCES,
                            kind,
                            name,
                            containerName,
                            "%s.resources.%s.%s".formatted(path, section, resource),
                            "%s %s is not set".formatted(resource, section.substring(0, section.length() - 1))));
                }
            }
        }

        Optional<Map<?, ?>> security = map(container.get("securityContext"));
        Optional<Object> containerNonRoot = security.map(context -> context.get("runAsNonRoot"));
        boolean nonRoot = containerNonRoot.map(Boolean.TRUE::equals).orElse(podNonRoot);
        if (!nonRoot) {
            violations.add(new Violation(
                    PolicyRule.NON_ROOT,
                    kind,
                    name,
                    containerName,
                    path + ".securityContext.runAsNonRoot",
                    "runAsNonRoot: true is set neither on the pod nor on the container"));
        }
        if (security.map(context -> Boolean.TRUE.equals(context.get("privileged")))
                .orElse(false)) {
            violations.add(new Violation(
                    PolicyRule.NON_ROOT,
                    kind,
                    name,
                    containerName,
                    path + ".securityContext.privileged",
                    "the container runs privileged"));
        }
        if (security.map(context -> Boolean.TRUE.equals(context.get("allowPrivilegeEscalation")))
                .orElse(false)) {
            violations.add(new Violation(
                    PolicyRule.NON_ROOT,
                    kind,
                    name,
                    containerName,
                    path + ".securityContext.allowPrivilegeEscalation",
                    "the container allows privilege escalation"));
        }

        if (nonRoot) {
            List<?> ports = list(container.get("ports"));
            for (int index = 0; index < ports.size(); index++) {
                Optional<Object> port = map(ports.get(index)).map(value -> value.get("containerPort"));
                if (port.isPresent() && port.get() instanceof Number number && number.intValue() < 1024) {
                    violations.add(new Violation(
                            PolicyRule.UNPRIVILEGED_PORTS,
                            kind,
                            name,
                            containerName,
                            "%s.ports[%d].containerPort".formatted(path, index),
                            "port %d is below 1024, which a non-root process cannot bind"
                                    .formatted(number.intValue())));
                }
            }
        }
    }

    /** Why an image reference is not pinned, if it is not. */
    static Optional<String> unpinned(String image) {
        if (image.contains("@sha256:") || image.contains("@sha512:")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return Optional.of("image %s has no tag (it means latest)".formatted(image));
        }
        String tag = image.substring(colon + 1);
        if (tag.equals("latest") || tag.isEmpty()) {
            return Optional.of("image %s uses the tag '%s'".formatted(image, tag));
        }
        return Optional.empty();
    }

    private static void checkSecret(Map<?, ?> object, String kind, String name, List<Violation> violations) {
        if (object.containsKey("sops")) {
            return;
        }
        for (String field : List.of("data", "stringData")) {
            if (map(object.get(field)).filter(values -> !values.isEmpty()).isPresent()) {
                violations.add(new Violation(
                        PolicyRule.NO_PLAIN_SECRETS,
                        kind,
                        name,
                        Optional.empty(),
                        field,
                        "secret values are in git in plain text; use an external secret store or an encrypted"
                                + " secret"));
            }
        }
    }

    private static Optional<Map<?, ?>> map(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of(map) : Optional.empty();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Optional<String> text(Object value) {
        return value instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /**
     * The violations stored with a release or deployment, or, when none were stored (rows older than stored checks),
     * those of checking its manifest now.
     */
    public static List<Violation> storedOrChecked(String stored, String content) {
        if (stored == null) {
            return check(content);
        }
        return List.of(Json.read(stored, Violation[].class, ErrorCode.INTERNAL_ERROR, "stored policy violations"));
    }
}
