package io.trebuchet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CLI's trees must read and print as the mapper's do: scripts parse {@code --output json}. */
class JsonTreesTest {
    static List<String> documents() {
        return List.of(
                "{}",
                "[]",
                "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\\u00e9\\n\\\"\",\"f\":[]},\"g\":{}}",
                "[1,-2,2147483648,-9223372036854775808,92233720368547758070,1.5,-0.25,1e300,3.0]",
                "\"just text\"",
                "42",
                "null",
                "{\"unicode\":\"\\ud83d\\ude80 ✓\",\"control\":\"\\u0001\\t\"}",
                "[[[[{\"deep\":[1,{\"x\":\"y\"}]}]]]]");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void readsTheTreeTheMapperReads(String document) throws JsonProcessingException {
        JsonNode mapper = Json.mapper().readTree(document);

        JsonNode ours = JsonTrees.read(document);

        assertThat(ours).isEqualTo(mapper);
        assertThat(ours.getNodeType()).isEqualTo(mapper.getNodeType());
    }

    @ParameterizedTest
    @MethodSource("documents")
    void printsWhatTheMappersPrettyPrinterPrints(String document) throws JsonProcessingException {
        JsonNode tree = Json.mapper().readTree(document);

        assertThat(JsonTrees.pretty(tree))
                .isEqualTo(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        assertThat(JsonTrees.compact(tree)).isEqualTo(Json.mapper().writeValueAsString(tree));
    }

    @Test
    void aBlankTextIsTheMissingNode() throws JsonProcessingException {
        assertThat(JsonTrees.read("")).isSameAs(MissingNode.getInstance());
        assertThat(JsonTrees.read("  \n")).isSameAs(MissingNode.getInstance());
    }

    @Test
    void refusesWhatTheMapperRefuses() {
        for (String bad : List.of(
                "{\"a\":1,\"a\":2}", "{\"a\":1} {}", "[1,2", "{\"a\":}", "{'a':1}", "[1,]", "tru", "{\"a\":1}x")) {
            assertThatThrownBy(() -> Json.mapper().readTree(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> JsonTrees.read(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void holdsDocumentsToTheLimits() {
        String deep = "[".repeat(DocumentLimits.MAX_DEPTH + 1) + "]".repeat(DocumentLimits.MAX_DEPTH + 1);

        assertThatThrownBy(() -> JsonTrees.read(deep)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void anObjectBuiltByHandPrintsInInsertionOrder() {
        ObjectNode object = JsonTrees.object();
        object.put("server", "http://localhost:8080");
        object.putObject("details").put("status", 502);

        assertThat(JsonTrees.compact(object))
                .isEqualTo("{\"server\":\"http://localhost:8080\",\"details\":{\"status\":502}}");
    }
}
