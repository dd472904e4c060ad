package io.trebuchet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueLayersTest {
    @Test
    void flattensNestedMapsAndDottedKeys() {
        assertThat(Values.flatten(Map.of("image", Map.of("tag", "1.0", "repository", "r")), "app"))
                .containsExactly(Map.entry("image.repository", "r"), Map.entry("image.tag", "1.0"));
        assertThat(Values.flatten(Map.of("db.host", "pg", "db", Map.of("port", 5432)), "app"))
                .containsExactly(Map.entry("db.host", "pg"), Map.entry("db.port", 5432));
    }

    @Test
    void refusesWhatIsNotAScalarValue() {
        assertThatThrownBy(() -> Values.flatten(Map.of("hosts", List.of("a")), "stack geocube"))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VALUES);
                    assertThat(error.getMessage()).startsWith("stack geocube: value 'hosts' is a list");
                });
        assertThatThrownBy(() -> Values.flatten(Map.of("db.host", "a", "db", Map.of("host", "b")), "app"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> Values.flatten(Map.of("bad key", "a"), "app"))
                .hasMessageContaining("not a value name");
    }

    @Test
    void higherLayersWinAndEveryValueKeepsItsSource() {
        Map<String, MergedValue> merged = ValueLayers.merge(List.of(
                new LayerValues(Layer.APPLICATION_ENVIRONMENT, "tiles in prod", Map.of("replicas", 5)),
                new LayerValues(Layer.PLATFORM, "platform", Map.of("replicas", 1, "registry", "r.example.com")),
                new LayerValues(Layer.ENVIRONMENT, "prod", Map.of("replicas", 3, "domain", "maps.example.com")),
                new LayerValues(Layer.STACK, "geoplatform", Map.of("registry", "r2.example.com")),
                new LayerValues(Layer.RELEASE, "release 7", Map.of("image.tag", "2.1"))));

        assertThat(merged.get("replicas"))
                .isEqualTo(new MergedValue(5, Layer.APPLICATION_ENVIRONMENT, "tiles in prod"));
        assertThat(merged.get("registry")).isEqualTo(new MergedValue("r2.example.com", Layer.STACK, "geoplatform"));
        assertThat(merged.get("domain").layer()).isEqualTo(Layer.ENVIRONMENT);
        assertThat(ValueLayers.values(merged))
                .containsExactly(
                        Map.entry("domain", "maps.example.com"),
                        Map.entry("image.tag", "2.1"),
                        Map.entry("registry", "r2.example.com"),
                        Map.entry("replicas", 5));
    }
}
