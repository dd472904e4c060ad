package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.chart.ValuesDiff.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesDiffTest {
    @Test
    void changedAddedAndRemovedLeavesAreListedByTheirDottedPathInOrder() {
        Map<String, Object> before = Map.of(
                "replicaCount",
                1,
                "image",
                Map.of("repository", "mapserver", "tag", "8.0"),
                "ingress",
                Map.of("hosts", List.of("a.example.com", "b.example.com")),
                "debug",
                true);
        Map<String, Object> after = Map.of(
                "replicaCount", 2,
                "image", Map.of("repository", "mapserver", "tag", "8.2"),
                "ingress", Map.of("hosts", List.of("a.example.com")),
                "resources", Map.of("limits", Map.of("cpu", "500m")));

        assertThat(ValuesDiff.between(before, after))
                .containsExactly(
                        new Change("debug", Optional.of("true"), Optional.empty()),
                        new Change("image.tag", Optional.of("8.0"), Optional.of("8.2")),
                        new Change("ingress.hosts[1]", Optional.of("b.example.com"), Optional.empty()),
                        new Change("replicaCount", Optional.of("1"), Optional.of("2")),
                        new Change("resources.limits.cpu", Optional.empty(), Optional.of("500m")));
    }

    @Test
    void theSameValuesHaveNoChangesAndEmptyContainersAndNullsAreLeaves() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tolerations", List.of());
        values.put("podAnnotations", Map.of());
        values.put("nameOverride", null);

        assertThat(ValuesDiff.between(values, values)).isEmpty();
        assertThat(ValuesDiff.leaves(values))
                .containsExactly(
                        Map.entry("nameOverride", "null"),
                        Map.entry("podAnnotations", "{}"),
                        Map.entry("tolerations", "[]"));
        assertThat(ValuesDiff.between(values, Map.of("tolerations", List.of(Map.of("key", "gpu")))))
                .containsExactly(
                        new Change("nameOverride", Optional.of("null"), Optional.empty()),
                        new Change("podAnnotations", Optional.of("{}"), Optional.empty()),
                        new Change("tolerations", Optional.of("[]"), Optional.empty()),
                        new Change("tolerations[0].key", Optional.empty(), Optional.of("gpu")));
    }
}
