package io.trebuchet.template;

import static io.trebuchet.testing.TestingFuzz.acceptsOrRefuses;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ReleaseRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Templates and their values, rendered as a release would render them. */
class TemplateFuzzTest {
    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryEntries({
        "{{",
        "}}",
        "{{p}}",
        "{{ image.tag }}",
        "&a ",
        "*a",
        "\"",
        "'",
        "\\",
        "QtrbP",
        "tRbPlAcEhOlDeR",
        "0X",
        "---",
        ": ",
        "- ",
        "|"
    })
    void templates(FuzzedDataProvider data) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("p", data.consumeString(200));
        values.put("image.tag", data.consumeBoolean() ? data.consumeString(20) : (Object) data.consumeLong());
        String text = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> {
            Template template = Template.of(text);
            template.names().forEach(name -> values.putIfAbsent(name, "v"));
            String rendered = TemplateRenderer.render(template, values);
            // What a release does with a rendered template: it is a manifest like any other.
            new ReleaseRequest(
                    AppName.of("app"),
                    Optional.empty(),
                    Map.of(EnvName.of("dev"), Manifest.of(rendered)),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        });
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parameters(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        acceptsOrRefuses(() -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = Json.read(json, Map.class, ErrorCode.INVALID_JSON, "parameters");
            Map<String, Object> flat = Values.flatten(parameters, "parameters");
            TemplateRenderer.render(Template.of("kind: ConfigMap\ndata: {a: \"{{a}}\", b: {{b}}}\n"), flat);
            ValueLayers.values(ValueLayers.merge(List.of(new LayerValues(Layer.RELEASE, "parameters", flat))));
        });
    }
}
