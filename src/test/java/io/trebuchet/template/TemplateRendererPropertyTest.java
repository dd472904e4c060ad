package io.trebuchet.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Random templates and values: whatever a person writes, the renderer answers with a template or a refusal the API
 * answers 4xx, never another exception; and every character outside a placeholder comes out as written, even text
 * that looks like the renderer's tokens, while every placeholder comes out as its value.
 */
class TemplateRendererPropertyTest {
    /** Texts that look like tokens, past or present, or like placeholders once YAML escapes are decoded. */
    private static final List<String> TRICKY = List.of(
            "tRbPlAcEhOlDeR0X",
            "tRbPlAcEhOlDeR99X",
            "tRbPlAcEhOlDeR",
            "QtrbP000000000000",
            "QtrbP0000000000000X",
            "QtrbP0000000000001X",
            "QtrbP000000000001",
            "QtrbQ0000000000000X",
            "QtrbP",
            "0X",
            "{{p}}",
            "{{",
            "}}",
            "\\",
            "\"",
            "'",
            ": ",
            " #",
            "\n",
            "\t",
            "- ",
            "&a",
            "*a",
            "---",
            "yes",
            "12",
            "ü€😀",
            "\u0085",
            "\u2028",
            "\u2029",
            "\ufeff",
            "\u00a0",
            "\ud83d",
            "\ude00");

    /** One piece of a scalar: text, or a placeholder (as the name of a value). */
    record Piece(Optional<String> text, Optional<String> placeholder) {
        String expected(Map<String, String> values) {
            return text.orElseGet(() -> values.get(placeholder.orElseThrow()));
        }
    }

    /** A mapping entry whose key and value are each a run of pieces, written as double-quoted scalars. */
    record Entry(List<Piece> key, List<Piece> value) {}

    @Property(tries = 400)
    void textOutsidePlaceholdersComesOutAsWritten(
            @ForAll("entries") List<Entry> entries, @ForAll("values") Map<String, String> values) {
        StringBuilder text = new StringBuilder("kind: ConfigMap\n");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("kind", "ConfigMap");
        boolean unwritable = false;
        for (Entry entry : entries) {
            String key = expected(entry.key(), values);
            if (expected.containsKey(key)) {
                continue;
            }
            expected.put(key, expected(entry.value(), values));
            text.append(quoted(entry.key()))
                    .append(": ")
                    .append(quoted(entry.value()))
                    .append('\n');
            unwritable |= unwritable(entry.key(), values) || unwritable(entry.value(), values);
        }
        if (unwritable) {
            // Half a surrogate pair is no character: no YAML can say it, and the template or the value is refused.
            assertThatThrownBy(() -> TemplateRenderer.render(Template.of(text.toString()), Map.copyOf(values)))
                    .isInstanceOfSatisfying(
                            TrebuchetException.class,
                            error -> assertThat(error.code())
                                    .isIn(ErrorCode.INVALID_TEMPLATE, ErrorCode.INVALID_VALUES));
            return;
        }

        String rendered = TemplateRenderer.render(Template.of(text.toString()), Map.copyOf(values));

        assertReadsAs(rendered, expected, text.toString());
    }

    @Property(tries = 300)
    void textWithoutPlaceholdersMeansWhatItMeant(@ForAll("entries") List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Entry entry : entries) {
            boolean literal = Stream.of(entry.key(), entry.value())
                    .flatMap(List::stream)
                    .allMatch(piece -> piece.text().isPresent()
                            && !TemplateRenderer.hasUnpairedSurrogate(
                                    piece.text().get()));
            if (literal
                    && expected.putIfAbsent(expected(entry.key(), Map.of()), expected(entry.value(), Map.of()))
                            == null) {
                text.append(quoted(entry.key()))
                        .append(": ")
                        .append(quoted(entry.value()))
                        .append('\n');
            }
        }
        text.append("plain: QtrbP0000000000000X tRbPlAcEhOlDeR0X\n");
        expected.put("plain", "QtrbP0000000000000X tRbPlAcEhOlDeR0X");

        String rendered = TemplateRenderer.render(Template.of(text.toString()), Map.of());

        assertReadsAs(rendered, expected, text.toString());
    }

    @Property(tries = 2000)
    void anyTextIsATemplateOrARefusal(@ForAll("yamlish") String text, @ForAll("values") Map<String, String> values) {
        Template template;
        try {
            template = Template.of(text);
        } catch (TrebuchetException e) {
            assertThat(e.code().httpStatus()).as(e.getMessage()).isBetween(400, 499);
            return;
        }
        Map<String, Object> all = new LinkedHashMap<>(values);
        template.names().forEach(name -> all.putIfAbsent(name, "v"));
        try {
            TemplateRenderer.render(template, all);
        } catch (TrebuchetException e) {
            assertThat(e.code().httpStatus()).as(e.getMessage()).isBetween(400, 499);
        }
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<List<Piece>> pieces = piece().list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(pieces, pieces).as(Entry::new).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Map<String, String>> values() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.of(TRICKY),
                Arbitraries.of("", "true", "1.5", "null", "~", "- x", "a: b", "{{q}}", "x\ny"));
        return Combinators.combine(value, value, value).as((p, q, r) -> Map.of("p", p, "q", q, "image.tag", r));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> fragment = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(TRICKY)),
                net.jqwik.api.Tuple.of(
                        6,
                        Arbitraries.of(
                                "{{p}}",
                                "{{ q }}",
                                "{{image.tag}}",
                                "a",
                                "b: ",
                                "[",
                                "]",
                                "{",
                                "}",
                                ",",
                                "|\n",
                                ">-\n",
                                "  ",
                                "!!int ",
                                "!!str ",
                                "? ",
                                "%YAML 1.2\n",
                                "...\n",
                                "\\x51",
                                "\\u0051",
                                "&x ",
                                "*x",
                                "&y [a, b]",
                                "<<: *x")),
                net.jqwik.api.Tuple.of(
                        2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(8)));
        return fragment.list().ofMaxSize(40).map(list -> String.join("", list));
    }

    private static Arbitrary<Piece> piece() {
        Arbitrary<Piece> text = Arbitraries.oneOf(
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .ofMinLength(1)
                                .ofMaxLength(12),
                        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(4),
                        Arbitraries.of(TRICKY))
                .map(value -> new Piece(Optional.of(value), Optional.empty()));
        Arbitrary<Piece> placeholder =
                Arbitraries.of("p", "q", "image.tag").map(name -> new Piece(Optional.empty(), Optional.of(name)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(1, placeholder));
    }

    /** Compares with every character visible: reports cut a message at the first control character. */
    private static void assertReadsAs(String rendered, Map<String, String> expected, String template) {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(rendered);
        if (!expected.equals(document)) {
            throw new AssertionError("template %s%nrendered as %s%nreads as %s%nexpected %s"
                    .formatted(
                            visible(template),
                            visible(rendered),
                            visible(String.valueOf(document)),
                            visible(expected.toString())));
        }
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append("\\u{%x}".formatted(c));
            }
        });
        return out.toString();
    }

    /**
     * Whether the scalar holds half a surrogate pair that the renderer must refuse: in the template's own text (where
     * a placeholder stands, the template has a letter) or in a value it uses.
     */
    private static boolean unwritable(List<Piece> pieces, Map<String, String> values) {
        StringBuilder template = new StringBuilder();
        boolean value = false;
        for (Piece piece : pieces) {
            template.append(piece.text().orElse("Q"));
            value |= piece.placeholder().isPresent() && TemplateRenderer.hasUnpairedSurrogate(piece.expected(values));
        }
        return value || TemplateRenderer.hasUnpairedSurrogate(template.toString());
    }

    private static String expected(List<Piece> pieces, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        pieces.forEach(piece -> text.append(piece.expected(values)));
        return text.toString();
    }

    /**
     * A double-quoted YAML scalar of the pieces: text escaped so that it reads back as itself (braces too, so that
     * text never forms a placeholder), placeholders as {@code {{name}}}.
     */
    private static String quoted(List<Piece> pieces) {
        StringBuilder out = new StringBuilder("\"");
        for (Piece piece : pieces) {
            if (piece.placeholder().isPresent()) {
                out.append("{{").append(piece.placeholder().get()).append("}}");
                continue;
            }
            piece.text().orElseThrow().codePoints().forEach(c -> {
                if (c == '"' || c == '\\') {
                    out.append('\\').appendCodePoint(c);
                } else if (c == '{' || c == '}' || c < 0x20 || (c >= 0x7f && c <= 0x9f) || c > 0xfffd) {
                    out.append(c > 0xffff ? "\\U%08x".formatted(c) : "\\u%04x".formatted(c));
                } else if (c >= 0xd800 && c <= 0xdfff) {
                    out.append("\\u%04x".formatted(c));
                } else {
                    out.appendCodePoint(c);
                }
            });
        }
        return out.append('"').toString();
    }
}
