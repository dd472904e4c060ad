package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderFailureTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            template: mapserver/templates/deployment.yaml:12:21: executing "mapserver/templates/deployment.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b | mapserver/templates/deployment.yaml | 12
            parse error at (mapserver/templates/broken.yaml:3): function "nope" not defined | mapserver/templates/broken.yaml | 3
            execution error at (mapserver/templates/secret.yaml:4:11): a password is required | mapserver/templates/secret.yaml | 4
            YAML parse error on mapserver/templates/service.yaml: error converting YAML to JSON: yaml: line 5: did not find expected key | mapserver/templates/service.yaml | 5
            template: db/charts/common/templates/_helpers.tpl:7:3: executing ... | db/charts/common/templates/_helpers.tpl | 7
            Error: chart requires kubeVersion: >=1.40.0 which is incompatible with Kubernetes v1.20.0 | none | none
            """)
    void readsTheTemplateAndLineFromHelmsMessage(String message, String template, Integer line) {
        RenderFailure failure = RenderFailure.of(message);

        assertThat(failure.template()).isEqualTo(Optional.ofNullable(template));
        assertThat(failure.line()).isEqualTo(Optional.ofNullable(line));
        assertThat(failure.reason()).doesNotStartWith("Error: ");
    }
}
