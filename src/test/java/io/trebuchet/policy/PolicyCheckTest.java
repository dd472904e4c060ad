package io.trebuchet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCheckTest {
    static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  securityContext:
                    runAsNonRoot: true
                  containers:
                    - name: api
                      image: registry.example.com/api:1.4.2
                      ports:
                        - containerPort: 8080
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                        limits: {cpu: "1", memory: 256Mi}
                      securityContext:
                        allowPrivilegeEscalation: false
            """;

    @Test
    void aDocumentThatIsNotAnObjectBreaksTheRuleKubernetesObjects() {
        assertThat(PolicyCheck.check("kind: ConfigMap\n---\njust text\n"))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.rule()).isEqualTo(PolicyRule.KUBERNETES_OBJECTS);
                    assertThat(violation.name()).isEqualTo("document 2");
                    assertThat(violation.message()).contains("a string");
                });
    }

    @Test
    void aWellBehavedDeploymentHasNoViolations() {
        assertThat(PolicyCheck.check(GOOD)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "nginx, has no tag",
        "nginx:latest, uses the tag 'latest'",
        "registry.example.com:5000/nginx, has no tag",
    })
    void unpinnedImages(String image, String reason) {
        assertThat(PolicyCheck.unpinned(image))
                .hasValueSatisfying(message -> assertThat(message).contains(reason));
    }

    @ParameterizedTest
    @CsvSource({"nginx:1.27", "registry.example.com:5000/nginx:1.27", "nginx@sha256:0123abcd", "nginx:1.27@sha256:01"})
    void pinnedImages(String image) {
        assertThat(PolicyCheck.unpinned(image)).isEmpty();
    }

    @Test
    void findsEachRuleWithObjectContainerAndPath() {
        String bad = """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: cleanup}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: job
                              image: busybox:latest
                              securityContext: {privileged: true, allowPrivilegeEscalation: true}
                              ports: [{containerPort: 80}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                stringData: {password: hunter2}
                """;

        List<Violation> violations = PolicyCheck.check(bad);

        assertThat(violations)
                .extracting(violation -> violation.rule().id() + " " + violation.path())
                .containsExactlyInAnyOrder(
                        "pinned-image-tag spec.jobTemplate.spec.template.spec.containers[0].image",
                        "resources spec.jobTemplate.spec.template.spec.containers[0].resources.requests.cpu",
                        "resources spec.jobTemplate.spec.template.spec.containers[0].resources.requests.memory",
                        "resources spec.jobTemplate.spec.template.spec.containers[0].resources.limits.cpu",
                        "resources spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory",
                        "non-root spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot",
                        "non-root spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged",
                        "non-root spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
                        "no-plain-secrets stringData");
        assertThat(violations.getFirst().kind()).isEqualTo("CronJob");
        assertThat(violations.getFirst().name()).isEqualTo("cleanup");
        assertThat(violations.getFirst().container()).contains("job");
    }

    @Test
    void lowPortsMatterOnlyForNonRootContainers() {
        String nonRootOnPort80 = GOOD.replace("containerPort: 8080", "containerPort: 80");

        assertThat(PolicyCheck.check(nonRootOnPort80))
                .extracting(Violation::rule)
                .containsExactly(PolicyRule.UNPRIVILEGED_PORTS);
    }

    @Test
    void encryptedAndExternalSecretsAreFine() {
        assertThat(PolicyCheck.check("kind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\nsops: {version: 3.8}\n"))
                .isEmpty();
        assertThat(PolicyCheck.check("kind: SealedSecret\nmetadata: {name: s}\nspec: {encryptedData: {a: x}}\n"))
                .isEmpty();
        assertThat(PolicyCheck.check("kind: Secret\nmetadata: {name: s}\ntype: Opaque\n"))
                .isEmpty();
    }

    @Test
    void environmentsDecideWhatCounts() {
        List<Violation> violations = PolicyCheck.check(
                GOOD.replace("api:1.4.2", "api:latest").replace("runAsNonRoot: true", "runAsNonRoot: false"));
        Policies production =
                Policies.of(Map.of(PolicyRule.PINNED_IMAGE_TAG, Severity.ERROR, PolicyRule.NON_ROOT, Severity.OFF));

        List<Finding> findings = production.judge(violations);

        assertThat(findings)
                .extracting(finding -> finding.violation().rule())
                .containsExactly(PolicyRule.PINNED_IMAGE_TAG);
        assertThat(Policies.errors(findings)).hasSize(1);
        assertThat(Policies.defaults().judge(violations))
                .extracting(Finding::severity)
                .containsOnly(Severity.WARN)
                .hasSize(2);
    }
}
