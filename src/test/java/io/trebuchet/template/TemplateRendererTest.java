package io.trebuchet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class TemplateRendererTest {
    private static final Template DEPLOYMENT = Template.of("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{name}}
            spec:
              replicas: {{replicas}}
              template:
                spec:
                  containers:
                    - name: api
                      image: "registry.example.com/api:{{image.tag}}"
                      args: ["-dbHost", "{{db.host}}", "-ratio={{ autoscaler.ratio }}"]
                      env:
                        - name: DEBUG
                          value: {{debug}}
            """);

    @Test
    void rendersNestedNamesAndKeepsPlainScalarsTyped() {
        String rendered = TemplateRenderer.render(
                DEPLOYMENT,
                Map.of(
                        "name", "api",
                        "replicas", 3,
                        "image.tag", "1.4.2",
                        "db.host", "postgres.geocube.svc",
                        "autoscaler.ratio", 0.5,
                        "debug", "true"));

        Map<String, Object> document = single(rendered);
        assertThat(document).containsEntry("metadata", Map.of("name", "api"));
        Map<?, ?> spec = (Map<?, ?>) document.get("spec");
        assertThat(spec.get("replicas")).isEqualTo(3);
        Map<?, ?> container = container(document);
        assertThat(container.get("image")).isEqualTo("registry.example.com/api:1.4.2");
        assertThat(container.get("args")).isEqualTo(List.of("-dbHost", "postgres.geocube.svc", "-ratio=0.5"));
        assertThat(((Map<?, ?>) ((List<?>) container.get("env")).get(0)).get("value"))
                .isEqualTo(true);
    }

    @Test
    void reportsEveryMissingValueAtOnceWithWhereItIsUsed() {
        assertThatThrownBy(() -> TemplateRenderer.render(DEPLOYMENT, Map.of("name", "api", "replicas", 1)))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.MISSING_PARAMETERS);
                    assertThat(error.getMessage()).contains("autoscaler.ratio", "db.host", "debug", "image.tag");
                    List<?> missing = (List<?>) error.details().get("missing");
                    assertThat(missing).hasSize(4);
                    assertThat(missing.get(2))
                            .isEqualTo(Map.of("name", "debug", "usedAt", List.of("line 15, column 22")));
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x\n  evil: true",
                "}\nevil: {",
                "a: b",
                "- item",
                "--- \nkind: Secret",
                "\"quoted\" and 'single'",
                "#not a comment",
                "&anchor *alias !tag",
                "{{other}}"
            })
    void valuesCannotInjectStructure(String value) {
        Template template =
                Template.of("kind: ConfigMap\ndata:\n  plain: {{v}}\n  quoted: \"{{v}}\"\n  inline: x-{{v}}-y\n");

        Map<String, Object> document = single(TemplateRenderer.render(template, Map.of("v", value)));

        Map<?, ?> data = (Map<?, ?>) document.get("data");
        assertThat(List.copyOf(document.keySet())).containsExactly("kind", "data");
        assertThat(List.<Object>copyOf(data.keySet())).containsExactly("plain", "quoted", "inline");
        assertThat(data.get("quoted")).isEqualTo(value);
        assertThat(String.valueOf(data.get("plain"))).isEqualTo(value);
        assertThat(data.get("inline")).isEqualTo("x-" + value + "-y");
    }

    @Test
    void yamlOneOneBooleansStayStrings() {
        Map<String, Object> document =
                single(TemplateRenderer.render(Template.of("enabled: {{flag}}\n"), Map.of("flag", "yes")));

        assertThat(document.get("enabled")).isEqualTo("yes");
        assertThat(TemplateRenderer.render(Template.of("enabled: {{flag}}\n"), Map.of("flag", "yes")))
                .contains("\"yes\"");
    }

    @Test
    void rendersEveryDocument() {
        Template template = Template.of(
                "kind: Service\nmetadata: {name: '{{name}}'}\n---\nkind: Deployment\nmetadata:\n  name: {{name}}\n");

        String rendered = TemplateRenderer.render(template, Map.of("name", "tiles"));

        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(rendered).forEach(documents::add);
        assertThat(documents).hasSize(2);
        assertThat(documents)
                .allSatisfy(document -> assertThat(((Map<?, ?>) ((Map<?, ?>) document).get("metadata")).get("name"))
                        .isEqualTo("tiles"));
    }

    @Test
    void unicodeAndHugeValuesRender() {
        String huge = "ü".repeat(1_000_000);

        Map<String, Object> document = single(TemplateRenderer.render(
                Template.of("title: {{title}}\nblob: {{blob}}\n"), Map.of("title", "Géo ✓ 地図", "blob", huge)));

        assertThat(document.get("title")).isEqualTo("Géo ✓ 地図");
        assertThat(document.get("blob")).isEqualTo(huge);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "name: {{ }}",
                "name: {{two words}}",
                "name: {{#if x}}",
                "name: {{a..b}}",
                "name: {{.a}}",
                "name: {{unclosed\n",
                "name: [{{a}}",
                "a: 1\na: 2"
            })
    void refusesInvalidTemplates(String text) {
        assertThatThrownBy(() -> Template.of(text))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tRbPlAcEhOlDeR0X",
                "tRbPlAcEhOlDeR99X",
                "tRbPlAcEhOlDeR1X and tRbPlAcEhOlDeR",
                "QtrbP0000000000000X",
                "QtrbP000000000000",
                "QtrbP0000000000001X QtrbP0000000000002X",
                "QtrbQ0000000000000X"
            })
    @SuppressWarnings("unchecked")
    void textThatLooksLikeAnInternalTokenComesOutAsWritten(String text) {
        Template template = Template.of("""
                kind: ConfigMap
                data:
                  plain: %1$s
                  quoted: "%1$s"
                  escaped: "\\x51trbP0000000000000X \\x74RbPlAcEhOlDeR0X"
                  %1$s: {{value}}
                  mixed: "{{value}}%1$s{{value}}"
                """.formatted(text));

        Map<String, Object> document = single(TemplateRenderer.render(template, Map.of("value", "v")));

        assertThat((Map<Object, Object>) document.get("data"))
                .containsEntry("plain", text)
                .containsEntry("quoted", text)
                .containsEntry("escaped", "QtrbP0000000000000X tRbPlAcEhOlDeR0X")
                .containsEntry(text, "v")
                .containsEntry("mixed", "v" + text + "v");
    }

    @Test
    void aBackslashCannotEatAPlaceholder() {
        // In a double-quoted scalar a backslash escapes the next character; before a placeholder there is none to
        // escape, and the template is refused rather than rendered with part of a token.
        assertThatThrownBy(() -> Template.of("path: \"C:\\{{dir}}\"\n"))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE));
        assertThat(single(TemplateRenderer.render(Template.of("path: \"C:\\\\{{dir}}\"\n"), Map.of("dir", "x"))))
                .containsEntry("path", "C:\\x");
    }

    @Test
    void halfASurrogatePairIsRefusedNotGarbled() {
        assertThatThrownBy(() -> Template.of("a: \"\\ud800\"\n"))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TEMPLATE));
        assertThatThrownBy(() -> TemplateRenderer.render(Template.of("a: {{v}}\n"), Map.of("v", "x\ud800")))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VALUES));
        assertThat(single(TemplateRenderer.render(Template.of("a: \"\\ud83d\\ude00\"\n"), Map.of())))
                .containsEntry("a", "\ud83d\ude00");
    }

    @Test
    void anAliasBombIsRefusedWhenTheTemplateIsDeclared() {
        StringBuilder bomb = new StringBuilder("kind: ConfigMap\nl0: &l0 [\"{{p}}\"]\n");
        for (int level = 1; level <= 10; level++) {
            bomb.append("l%d: &l%d [%s]\n"
                    .formatted(level, level, String.join(", ", Collections.nCopies(8, "*l" + (level - 1)))));
        }

        assertThatThrownBy(() -> Template.of(bomb.toString()))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX);
                    assertThat(error.details().get("limit")).isIn("nodes", "characters");
                    assertThat(error.getMessage()).startsWith("template is too complex");
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aliasesRenderExpandedAndCannotMultiplyAValuePastTheOutputLimit() {
        Template template = Template.of("kind: ConfigMap\nv: &v \"{{p}}\"\nl: [" + "*v, ".repeat(999) + "*v]\n");

        Map<String, Object> small = single(TemplateRenderer.render(template, Map.of("p", "x")));
        assertThat((List<Object>) small.get("l")).hasSize(1_000).containsOnly("x");

        // Each alias of the scalar repeats the value: a thousand times 10 kB is over the limit of a manifest.
        long start = System.nanoTime();
        assertThatThrownBy(() -> TemplateRenderer.render(template, Map.of("p", "x".repeat(10_000))))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VALUES));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void listsTheNamesItNeeds() {
        assertThat(DEPLOYMENT.names())
                .containsExactly("autoscaler.ratio", "db.host", "debug", "image.tag", "name", "replicas");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> single(String rendered) {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(rendered).forEach(documents::add);
        assertThat(documents).hasSize(1);
        return (Map<String, Object>) documents.getFirst();
    }

    private static Map<?, ?> container(Map<String, Object> deployment) {
        Map<?, ?> spec = (Map<?, ?>) deployment.get("spec");
        Map<?, ?> podSpec = (Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("spec");
        return (Map<?, ?>) ((List<?>) podSpec.get("containers")).getFirst();
    }
}
