package io.trebuchet.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldDiffTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{}", "{}", List.of()),
                Arguments.of("{\"a\":1}", "{\"a\":1}", List.of()),
                Arguments.of("{}", "{\"a\":{\"b\":true}}", List.of("a.b: - -> true")),
                Arguments.of("{\"a\":\"x\"}", "{\"a\":\"y\"}", List.of("a: \"x\" -> \"y\"")),
                Arguments.of("{\"a\":\"x\",\"b\":1}", "{\"b\":1}", List.of("a: \"x\" -> -")),
                Arguments.of(
                        "{\"w\":[{\"k\":\"deny\"}]}",
                        "{\"w\":[{\"k\":\"allow\"},{\"k\":\"deny\"}]}",
                        List.of("w[0].k: \"deny\" -> \"allow\"", "w[1].k: - -> \"deny\"")),
                Arguments.of("{\"o\":[\"A=b\"]}", "{\"o\":[]}", List.of("o: - -> []", "o[0]: \"A=b\" -> -")),
                Arguments.of("{\"a\":{\"b\":1}}", "{\"a\":1}", List.of("a: - -> 1", "a.b: 1 -> -")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void listsEveryLeafThatDiffers(String before, String after, List<String> expected) throws Exception {
        List<String> changes = FieldDiff.between(tree(before), tree(after)).stream()
                .map(change -> "%s: %s -> %s"
                        .formatted(
                                change.path(),
                                change.before().map(Json::write).orElse("-"),
                                change.after().map(Json::write).orElse("-")))
                .toList();

        assertThat(changes).containsExactlyElementsOf(expected);
    }

    private static JsonNode tree(String json) throws Exception {
        return Json.mapper().readTree(json);
    }
}
