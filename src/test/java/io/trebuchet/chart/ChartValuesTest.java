package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.TrebuchetException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChartValuesTest {
    static Stream<Arguments> nestings() {
        return Stream.of(
                Arguments.of(Map.of(), Map.of()),
                Arguments.of(Map.of("replicaCount", 2), Map.of("replicaCount", 2)),
                Arguments.of(
                        Map.of("image.tag", "1.2", "image.repository", "r/m", "domain", "x"),
                        Map.of("image", Map.of("tag", "1.2", "repository", "r/m"), "domain", "x")),
                Arguments.of(Map.of("a.b.c", true), Map.of("a", Map.of("b", Map.of("c", true)))));
    }

    @ParameterizedTest
    @MethodSource("nestings")
    void nestsDottedNamesAsHelmReadsThem(Map<String, Object> flat, Map<String, Object> nested) {
        assertThat(ChartValues.nest(flat)).isEqualTo(nested);
    }

    @ParameterizedTest
    @MethodSource("conflicts")
    void refusesANameThatIsBothAValueAndAMap(Map<String, Object> flat) {
        assertThatThrownBy(() -> ChartValues.nest(flat))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code().name()).isEqualTo("INVALID_VALUES"));
    }

    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of(Map.of("image", "nginx", "image.tag", "1")), Arguments.of(Map.of("a.b", 1, "a.b.c", 2)));
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                // A higher layer's map merges key by key.
                Arguments.of(
                        Map.of("image", Map.of("tag", "1", "repository", "r")),
                        Map.of("image", Map.of("tag", "2")),
                        Map.of("image", Map.of("tag", "2", "repository", "r"))),
                // Lists and scalars are replaced whole, as Helm does.
                Arguments.of(
                        Map.of("hosts", List.of("a", "b"), "replicaCount", 1),
                        Map.of("hosts", List.of("c"), "replicaCount", 3),
                        Map.of("hosts", List.of("c"), "replicaCount", 3)),
                // A map replaces a scalar, and a scalar a map.
                Arguments.of(
                        Map.of("resources", "none", "image", Map.of("tag", "1")),
                        Map.of("resources", Map.of("limits", Map.of("cpu", "1")), "image", "nginx:1"),
                        Map.of("resources", Map.of("limits", Map.of("cpu", "1")), "image", "nginx:1")),
                Arguments.of(Map.of("a", 1), Map.of(), Map.of("a", 1)));
    }

    @ParameterizedTest
    @MethodSource("merges")
    void mergesTheReleaseValuesOverTheLayersAsHelmMergesValuesFiles(
            Map<String, Object> base, Map<String, Object> override, Map<String, Object> merged) {
        assertThat(ChartValues.merge(base, override)).isEqualTo(merged);
    }
}
