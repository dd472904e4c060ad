package io.trebuchet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
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
