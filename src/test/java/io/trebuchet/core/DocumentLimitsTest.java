package io.trebuchet.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

class DocumentLimitsTest {
    private static final LoadSettings SETTINGS =
            Yaml.settings("test").setCodePointLimit(Integer.MAX_VALUE).build();
    /** Refusals are decided while parsing, in milliseconds; an expansion would take minutes. Generous for loaded CI. */
    private static final Duration FAST = Duration.ofSeconds(5);

    /** {@code levels} levels of anchored lists, each holding {@code width} aliases to the level below. */
    static String aliasBomb(int levels, int width) {
        StringBuilder text = new StringBuilder("l0: &l0 [x]\n");
        for (int level = 1; level <= levels; level++) {
            text.append("l%d: &l%d [".formatted(level, level));
            for (int alias = 0; alias < width; alias++) {
                text.append(alias == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            text.append("]\n");
        }
        return text.toString();
    }

    @Test
    void tenLevelsOfEightAliasesAreRefusedAtOnce() {
        // 80 aliases, under the alias limit; 8^10 (a billion) nodes expanded.
        TrebuchetException error = refused(aliasBomb(10, 8));

        assertThat(error.details()).containsEntry("limit", "nodes").containsEntry("maximum", DocumentLimits.MAX_NODES);
        assertThat(error.getMessage())
                .startsWith("test is too complex: it expands to more than 1000000 nodes")
                .contains("line ");
    }

    @Test
    void aManifestOfThirtyBillionNodesIsRefusedAtOnce() {
        // 9^11 = 3.1 * 10^10 nodes expanded, 99 aliases.
        assertThat(refused(aliasBomb(11, 9)).details()).containsEntry("limit", "nodes");
    }

    @Test
    void aliasesToOneLongScalarAreRefusedByTheirCharacters() {
        String text = "a: &a \"" + "x".repeat(100_000) + "\"\nb: [" + "*a, ".repeat(60) + "*a]\n";

        TrebuchetException error = refused(text);

        assertThat(error.details()).containsEntry("limit", "characters");
    }

    @Test
    void documentsWithinTheLimitsAreRead() {
        assertThat(Yaml.load(aliasBomb(5, 8), SETTINGS, "test")).hasSize(1);
        StringBuilder big = new StringBuilder();
        for (int object = 0; object < 500; object++) {
            big.append("---\nkind: ConfigMap\nmetadata: {name: m%d}\ndata:\n".formatted(object));
            for (int key = 0; key < 100; key++) {
                big.append("  key%d: \"value %d\"\n".formatted(key, key));
            }
        }
        assertThat(Yaml.load(big.toString(), SETTINGS, "test")).hasSize(500);
    }

    @Test
    void aThousandDocumentsAreTheMost() {
        assertThat(Yaml.load("---\na: 1\n".repeat(DocumentLimits.MAX_DOCUMENTS), SETTINGS, "test"))
                .hasSize(DocumentLimits.MAX_DOCUMENTS);
        assertThat(refused("---\na: 1\n".repeat(DocumentLimits.MAX_DOCUMENTS + 1))
                        .details())
                .containsEntry("limit", "documents");
        assertThat(refused("---\n".repeat(1_000_000)).details()).containsEntry("limit", "documents");
    }

    @Test
    void nestingIsLimitedWithAliasesExpanded() {
        String hundred = "[".repeat(100) + "]".repeat(100);
        assertThat(Yaml.load(hundred, SETTINGS, "test")).hasSize(1);
        assertThat(refused("[".repeat(101) + "]".repeat(101)).details()).containsEntry("limit", "depth");
        assertThat(refused("a: " + "[".repeat(100_000)).details()).containsEntry("limit", "depth");

        String deepAnchor = "a: &deep " + "[".repeat(60) + "]".repeat(60) + "\nb: " + "[".repeat(40) + "*deep"
                + "]".repeat(40) + "\n";
        assertThat(refused(deepAnchor).details()).containsEntry("limit", "depth");
    }

    @Test
    void aliasesInsideTheirOwnCollectionAreRefused() {
        assertThat(refused("a: &a [x, *a]\n").getMessage()).contains("alias *a", "never end");
        assertThat(refused("a: &a {b: {c: *a}}\n").details()).containsEntry("limit", "aliases");
    }

    @Test
    void anAnchorRedefinedInsideItsCollectionIsNotRecursion() {
        assertThat(Yaml.load("a: &a [&a x, *a]\n", SETTINGS, "test")).containsExactly(Map.of("a", List.of("x", "x")));
    }

    @Test
    void moreThanAHundredAliasesToCollectionsAreRefused() {
        String text = "a: &a [x]\nb: [" + "*a, ".repeat(100) + "*a]\n";

        assertThat(refused(text).details()).containsEntry("limit", "aliases");
        assertThat(Yaml.load("a: &a x\nb: [" + "*a, ".repeat(500) + "*a]\n", SETTINGS, "test"))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "-%s", "%s.5", "1e%s", "!!int \"%s\"", "!!float '%s'", "[%s]", "{%s: x}"})
    void numbersLongerThanAThousandCharactersAreRefused(String format) {
        String text = "n: " + format.formatted("9".repeat(DocumentLimits.MAX_NUMBER_LENGTH + 1));

        TrebuchetException error = refused(text);

        assertThat(error.details()).containsEntry("limit", "number-length");
        assertThat(Yaml.load("n: " + format.formatted("9".repeat(DocumentLimits.MAX_NUMBER_LENGTH - 5)), SETTINGS, "t"))
                .hasSize(1);
    }

    @Test
    void longStringsThatLookLikeNumbersStayStrings() {
        String digits = "9".repeat(100_000);

        assertThat(Yaml.load("a: \"" + digits + "\"\nb: '" + digits + "'\nc: " + digits + "x\n", SETTINGS, "t"))
                .hasSize(1);
        LoadSettings core = Yaml.settings("t").setSchema(new CoreSchema()).build();
        assertThat(refusedWith(core, "a: 0x" + "f".repeat(2_000)).details()).containsEntry("limit", "number-length");
    }

    @Test
    void syntaxErrorsStaySnakeyamlErrors() {
        assertThatThrownBy(() -> Yaml.load("a: [", SETTINGS, "test")).isInstanceOf(YamlEngineException.class);
        assertThatThrownBy(() -> Yaml.load("a: *undefined", SETTINGS, "test")).isInstanceOf(YamlEngineException.class);
        assertThatThrownBy(() -> Yaml.load("a: 1\na: 2", SETTINGS, "test")).isInstanceOf(YamlEngineException.class);
        // snakeyaml itself throws an IllegalArgumentException for this tag (found by fuzzing).
        assertThatThrownBy(() -> Yaml.load("t: !%0", SETTINGS, "test")).isInstanceOf(YamlEngineException.class);
    }

    @Test
    void jsonDocumentsAreHeldToTheirLimits() {
        assertThat(refusedJson("[".repeat(101) + "]".repeat(101)).details()).containsEntry("limit", "depth");
        assertThat(refusedJson("{\"a\": " + "9".repeat(1_001) + "}").details()).containsEntry("limit", "number-length");
        assertThat(refusedJson("[\"" + "x".repeat(DocumentLimits.MAX_STRING_LENGTH + 1) + "\"]")
                        .details())
                .containsEntry("limit", "string-length");
        assertThat(refusedJson("[" + "0,".repeat((int) DocumentLimits.MAX_TOKENS) + "0]")
                        .details())
                .containsEntry("limit", "tokens");
        assertThat(Json.read(
                        "[" + "[".repeat(98) + "]".repeat(98) + "]", Object[].class, ErrorCode.INVALID_JSON, "body"))
                .hasSize(1);
    }

    private static TrebuchetException refusedJson(String json) {
        long start = System.nanoTime();
        try {
            Json.read(json, Object.class, ErrorCode.INVALID_JSON, "body");
            throw new AssertionError("accepted");
        } catch (TrebuchetException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX);
            assertThat(e.getMessage()).startsWith("body is too complex: ");
            return e;
        }
    }

    private static TrebuchetException refused(String text) {
        return refusedWith(SETTINGS, text);
    }

    private static TrebuchetException refusedWith(LoadSettings settings, String text) {
        long start = System.nanoTime();
        try {
            Yaml.load(text, settings, "test");
            throw new AssertionError("accepted");
        } catch (TrebuchetException e) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX);
            assertThat(e.code().httpStatus()).isEqualTo(400);
            return e;
        }
    }
}
