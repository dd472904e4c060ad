package io.trebuchet.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Severity;
import io.trebuchet.server.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * charts/trebuchet lints, renders with each of its example values files (ci/), renders what Kubernetes expects of a
 * well-behaved workload, refuses values that cannot work, and passes every policy Trebuchet enforces, each at
 * {@code error} as the strictest production environment sets them.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("charts/trebuchet");
    /** A supported Kubernetes release (helm renders for 1.20 by default, below the chart's kubeVersion). */
    private static final String KUBERNETES = "v1.31.0";

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void isVersionedAtLeastOneAndDeploysTheBuildsVersion() throws IOException {
        Map<String, Object> chart =
                yaml(Files.readString(CHART.resolve("Chart.yaml"))).getFirst();

        String version = String.valueOf(chart.get("version"));
        assertThat(Integer.parseInt(version.split("\\.", -1)[0])).isGreaterThanOrEqualTo(1);
        assertThat(chart.get("appVersion")).isEqualTo(BuildInfo.current().version());
        assertThat(container(deployment(render(Optional.empty()))).get("image"))
                .isEqualTo("trebuchet:" + BuildInfo.current().version());
    }

    @Test
    void defaultsRunOneReplicaOnTheEmbeddedStoreWithAClaimAndRecreate() {
        List<Map<String, Object>> objects = render(Optional.empty());

        assertThat(kinds(objects))
                .containsExactlyInAnyOrder(
                        "ServiceAccount", "PersistentVolumeClaim", "Service", "Deployment", "PodDisruptionBudget");
        Map<String, Object> deployment = deployment(objects);
        assertThat(at(deployment, "spec.replicas")).isEqualTo(1);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("Recreate");
        Map<String, Object> claim = only(objects, "PersistentVolumeClaim");
        assertThat(at(claim, "spec.accessModes")).isEqualTo(List.of("ReadWriteOnce"));
        assertThat(at(volume(deployment, "data"), "persistentVolumeClaim.claimName"))
                .isEqualTo(at(claim, "metadata.name"));
        assertThat(env(container(deployment)))
                .containsEntry("TREBUCHET_DATA_DIR", "/data")
                .containsEntry("TREBUCHET_BIND", "0.0.0.0")
                .containsEntry("TREBUCHET_LOG_FORMAT", "json")
                .containsEntry("TREBUCHET_AUTH_MODE", "none")
                .containsEntry("TREBUCHET_ARGOCD_REPO_URL", "http://trebuchet.platform.svc/git/manifests.git")
                .doesNotContainKey("TREBUCHET_MANIFEST_REPO")
                .doesNotContainKey("TREBUCHET_DATABASE_URL");
        assertThat(at(only(objects, "PodDisruptionBudget"), "spec.maxUnavailable"))
                .as("one replica may always be evicted")
                .isEqualTo(1);
    }

    @Test
    void everyValuesFileRendersAWellBehavedWorkload() {
        for (Optional<Path> values : valuesFiles()) {
            List<Map<String, Object>> objects = render(values);
            String name = values.map(Path::toString).orElse("defaults");
            for (Map<String, Object> object : objects) {
                assertThat(object).as(name).containsKeys("apiVersion", "kind", "metadata");
                assertThat(at(object, "metadata.name")).as(name).isNotNull();
                assertThat(at(object, "metadata.labels.app\\.kubernetes\\.io/name"))
                        .as(name)
                        .isEqualTo("trebuchet");
            }
            assertThat(kinds(objects)).as(name).doesNotContain("Secret");

            Map<String, Object> deployment = deployment(objects);
            Map<String, Object> pod = mapAt(deployment, "spec.template.spec");
            Map<String, Object> container = container(deployment);
            assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
            assertThat(at(pod, "securityContext.runAsNonRoot")).as(name).isEqualTo(true);
            assertThat((Integer) at(pod, "securityContext.runAsUser")).isGreaterThanOrEqualTo(1000);
            assertThat(at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(at(container, "securityContext.allowPrivilegeEscalation"))
                    .isEqualTo(false);
            assertThat(at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
            assertThat(at(container, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
            assertThat(mountPaths(container)).contains("/data", "/tmp");
            assertThat(at(volume(deployment, "tmp"), "emptyDir.sizeLimit")).isNotNull();

            assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/api/v1/health/live");
            assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/api/v1/health/live");
            assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/api/v1/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(at(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
            }
            assertThat(at(container, "ports"))
                    .isEqualTo(List.of(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP")));

            assertThat(at(container, "resources.limits.memory")).isEqualTo("768Mi");
            assertThat(at(container, "resources.requests.memory")).isEqualTo("768Mi");
            assertThat(env(container).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=50");
            assertThat((Integer) at(pod, "terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void passesEveryPolicyTrebuchetEnforcesAtErrorSeverity() {
        Map<PolicyRule, Severity> strictest = new EnumMap<>(PolicyRule.class);
        Arrays.stream(PolicyRule.values()).forEach(rule -> strictest.put(rule, Severity.ERROR));
        Policies production = new Policies(strictest);
        for (Optional<Path> values : valuesFiles()) {
            String manifest = template(values).call();

            List<Finding> findings = production.judge(PolicyCheck.check(manifest));

            assertThat(findings)
                    .as(values.map(Path::toString).orElse("defaults"))
                    .isEmpty();
        }
    }

    @Test
    void severalReplicasRunOnPostgresqlWithTheirPasswordFromASecret() {
        List<Map<String, Object>> objects = render(Optional.of(CHART.resolve("ci/postgresql-values.yaml")));

        assertThat(kinds(objects)).doesNotContain("PersistentVolumeClaim");
        Map<String, Object> deployment = deployment(objects);
        assertThat(at(deployment, "spec.replicas")).isEqualTo(3);
        assertThat(at(deployment, "spec.strategy.type")).isEqualTo("RollingUpdate");
        assertThat(volume(deployment, "data")).containsKey("emptyDir");
        Map<String, Object> container = container(deployment);
        assertThat(container.get("image")).isEqualTo("registry.example.com/platform/trebuchet:0.1.0");
        assertThat(env(container))
                .containsEntry("TREBUCHET_DATABASE_URL", "jdbc:postgresql://postgres.databases.svc:5432/trebuchet")
                .containsEntry("TREBUCHET_MANIFEST_REPO", "https://git.example.com/platform/manifests.git")
                .doesNotContainKey("TREBUCHET_ARGOCD_REPO_URL")
                .containsEntry("TREBUCHET_AUTH_MODE", "oidc")
                .containsEntry("TREBUCHET_AUTH_OIDC_ISSUER_URL", "https://login.example.com/realms/platform");
        assertThat(secretReference(container, "TREBUCHET_DATABASE_PASSWORD"))
                .isEqualTo(Map.of("name", "trebuchet-database", "key", "password"));
        assertThat(secretReference(container, "TREBUCHET_MANIFEST_REPO_PASSWORD"))
                .isEqualTo(Map.of("name", "trebuchet-git", "key", "password"));
        assertThat(at(container, "envFrom"))
                .isEqualTo(List.of(Map.of("prefix", "TREBUCHET_AUTH_", "secretRef", Map.of("name", "trebuchet-auth"))));
    }

    @Test
    void anSshRemoteGetsItsKeyAndKnownHostsAsReadOnlyFiles() {
        Map<String, Object> deployment = deployment(render(Optional.of(CHART.resolve("ci/ssh-values.yaml"))));

        Map<String, Object> container = container(deployment);
        assertThat(env(container))
                .containsEntry("TREBUCHET_MANIFEST_REPO_SSH_KEY", "/etc/trebuchet/git/identity")
                .containsEntry("TREBUCHET_MANIFEST_REPO_KNOWN_HOSTS", "/etc/trebuchet/git/known_hosts")
                .containsEntry("TREBUCHET_EXPORT_MODE", "flux")
                .doesNotContainKey("TREBUCHET_MANIFEST_REPO_PASSWORD");
        assertThat(at(volume(deployment, "git-ssh"), "secret.secretName")).isEqualTo("trebuchet-git-ssh");
        assertThat(at(volume(deployment, "data"), "persistentVolumeClaim.claimName"))
                .isEqualTo("trebuchet-store");
    }

    @Test
    void refusesSeveralReplicasWithoutPostgresql() {
        assertThatThrownBy(
                        () -> template(Optional.empty()).set("replicaCount", 2).call())
                .hasMessageContaining("replicaCount is 2 but the embedded store serves one replica only")
                .hasMessageContaining("set postgresql.url");
        assertThatThrownBy(() -> template(Optional.empty())
                        .set("replicaCount", 2)
                        .set("postgresql.url", "jdbc:postgresql://db:5432/trebuchet")
                        .set("postgresql.existingSecret", "db")
                        .call())
                .hasMessageContaining("git.repository is empty");
        assertThatThrownBy(() -> template(Optional.empty())
                        .set("postgresql.url", "jdbc:postgresql://db:5432/trebuchet")
                        .call())
                .hasMessageContaining("postgresql.existingSecret is empty");
    }

    @Test
    void theServiceMonitorScrapesMetricsWithTheTokenOfItsSecret() {
        List<Map<String, Object>> objects = render(Optional.of(CHART.resolve("ci/embedded-values.yaml")));

        Map<String, Object> monitor = only(objects, "ServiceMonitor");
        assertThat(at(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(at(monitor, "spec.selector.matchLabels")).isEqualTo(at(only(objects, "Service"), "spec.selector"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) at(monitor, "spec.endpoints");
        assertThat(endpoints).hasSize(1);
        Map<String, Object> endpoint = endpoints.getFirst();
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
        assertThat(at(endpoint, "authorization.type")).isEqualTo("Bearer");
        assertThat(at(endpoint, "authorization.credentials"))
                .isEqualTo(Map.of("name", "trebuchet-metrics-token", "key", "token"));
        assertThat(kinds(render(Optional.empty()))).doesNotContain("ServiceMonitor");
    }

    @Test
    void refusesValuesItsSchemaDoesNotKnow() {
        // A misspelt key would otherwise be ignored without a word.
        assertThatThrownBy(() -> template(Optional.empty()).set("replicas", 2).call())
                .hasMessageContaining("replicas");
        assertThatThrownBy(() ->
                        template(Optional.empty()).set("logFormat", "yaml").call())
                .hasMessageContaining("logFormat");
        assertThatThrownBy(() ->
                        template(Optional.empty()).set("image.tag", "latest").call())
                .hasMessageContaining("/image/tag");
    }

    private static List<Optional<Path>> valuesFiles() {
        List<Optional<Path>> files = new ArrayList<>();
        files.add(Optional.empty());
        for (String name : List.of("embedded-values.yaml", "postgresql-values.yaml", "ssh-values.yaml")) {
            files.add(Optional.of(CHART.resolve("ci").resolve(name)));
        }
        return files;
    }

    private static TemplateCommand template(Optional<Path> values) {
        TemplateCommand template = new Helm(CHART)
                .template()
                .withName("trebuchet")
                .withNamespace("platform")
                .withKubeVersion(KUBERNETES);
        values.ifPresent(template::withValuesFile);
        return template;
    }

    private static List<Map<String, Object>> render(Optional<Path> values) {
        return yaml(template(values).call());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(object -> (String) object.get("kind")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> matching = objects.stream()
                .filter(object -> kind.equals(object.get("kind")))
                .toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.getFirst();
    }

    private static Map<String, Object> deployment(List<Map<String, Object>> objects) {
        return only(objects, "Deployment");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = listAt(deployment, "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        List<Map<String, Object>> volumes = listAt(deployment, "spec.template.spec.volumes");
        return volumes.stream()
                .filter(volume -> name.equals(volume.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name + " in " + volumes));
    }

    private static List<String> mountPaths(Map<String, Object> container) {
        List<Map<String, Object>> mounts = listAt(container, "volumeMounts");
        return mounts.stream().map(mount -> (String) mount.get("mountPath")).toList();
    }

    private static Map<String, String> env(Map<String, Object> container) {
        List<Map<String, Object>> env = listAt(container, "env");
        return env.stream()
                .filter(entry -> entry.containsKey("value"))
                .collect(Collectors.toMap(
                        entry -> (String) entry.get("name"), entry -> String.valueOf(entry.get("value"))));
    }

    private static Map<String, Object> secretReference(Map<String, Object> container, String name) {
        List<Map<String, Object>> env = listAt(container, "env");
        Map<String, Object> entry = env.stream()
                .filter(candidate -> name.equals(candidate.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + name));
        assertThat(entry).doesNotContainKey("value");
        Map<String, Object> reference = mapAt(entry, "valueFrom.secretKeyRef");
        Map<String, Object> withoutOptional = new java.util.LinkedHashMap<>(reference);
        withoutOptional.remove("optional");
        return withoutOptional;
    }

    /** The value at a dotted path ({@code \\.} for a dot inside a key); null when absent. */
    private static Object at(Map<String, Object> object, String path) {
        Object current = object;
        for (String key : path.split("(?<!\\\\)\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key.replace("\\.", "."));
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Map<String, Object> object, String path) {
        return (Map<String, Object>) at(object, path);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listAt(Map<String, Object> object, String path) {
        return (List<Map<String, Object>>) at(object, path);
    }
}
