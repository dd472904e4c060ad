package io.trebuchet.template;

import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.JsonScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Renders a template with values. Each placeholder is first replaced by an inert token; the template is parsed as
 * YAML; then tokens are replaced by values inside scalars only, and the documents are written back as YAML. A value
 * can therefore change the content of a scalar but never the structure around it. A scalar that was plain in the
 * template takes the type its new text reads as (so {@code replicas: {{replicas}}} stays a number); quoted scalars
 * stay strings. The output is canonical YAML (block style, two-space indent, no comments).
 *
 * <p>Whatever else a template says comes out as written: the tokens are chosen for each template among many, so that
 * none of them occurs in what its scalars say (escapes and line folding included). The template is parsed once with
 * probe tokens to read what its scalars say, and once more with tokens that occur nowhere in it. Every token begins
 * with a letter that is no escape in a double-quoted scalar, so a backslash before a placeholder is refused as YAML
 * instead of eating a token's first letter.
 */
public final class TemplateRenderer {
    /**
     * Tokens are {@code <prefix><index>X}, a prefix being this start and twelve digits. {@code \Q} is no escape, and
     * only a token's first letter is a Q, so text next to a token can neither change it nor form one with it.
     */
    private static final String TOKEN_START = "QtrbP";

    private static final String PROBE_PREFIX = "QtrbR000000000000";
    private static final int NONCE_DIGITS = 12;
    private static final ScalarResolver RESOLVER = new JsonScalarResolver();
    /** Strings that YAML 1.1 readers (such as Kubernetes') take for booleans: written quoted. */
    private static final Set<String> YAML_11_BOOLEANS =
            Set.of("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");

    /** The largest rendered template, in characters (the limit of a manifest). */
    public static final int MAX_OUTPUT = 3 * 1024 * 1024;

    private TemplateRenderer() {}

    /**
     * Renders {@code template} with {@code values} (flat, dotted names to scalars). Every placeholder without a value
     * is reported at once, with where it is used.
     */
    public static String render(Template template, Map<String, Object> values) {
        List<Placeholder> placeholders = template.placeholders();
        Map<String, List<String>> missing = new TreeMap<>();
        for (Placeholder placeholder : placeholders) {
            Object value = values.get(placeholder.name());
            if (value == null) {
                missing.computeIfAbsent(placeholder.name(), ignored -> new ArrayList<>())
                        .add("line %d, column %d".formatted(placeholder.line(), placeholder.column()));
            }
        }
        if (!missing.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            missing.forEach((name, uses) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("usedAt", uses);
                list.add(entry);
            });
            throw new TrebuchetException(
                    ErrorCode.MISSING_PARAMETERS,
                    "the template needs values for %s".formatted(String.join(", ", missing.keySet())),
                    Map.of("missing", list));
        }
        List<String> texts = placeholders.stream()
                .map(placeholder -> text(values.get(placeholder.name())))
                .toList();
        long expected = (long) template.text().length()
                + texts.stream().mapToLong(String::length).sum();
        if (expected > MAX_OUTPUT) {
            throw tooLarge("the rendered template would be about %d characters".formatted(expected));
        }
        String text = template.text();
        String prefix = prefix(scalars(parse(text, placeholders, PROBE_PREFIX)));
        IdentityHashMap<Node, Node> substituted = new IdentityHashMap<>();
        List<Node> documents = new ArrayList<>();
        for (Node document : parse(text, placeholders, prefix)) {
            // Aliases stay shared nodes until the dump writes them out.
            documents.add(substitute(document, prefix, texts, substituted));
        }
        IdentityHashMap<Node, Long> sizes = new IdentityHashMap<>();
        long characters = documents.stream()
                .mapToLong(document -> characters(document, sizes))
                .sum();
        if (characters > MAX_OUTPUT) {
            throw tooLarge("the rendered template, with its aliases expanded, would be over %d characters"
                    .formatted(characters));
        }
        Output out = new Output();
        for (Node document : documents) {
            out.write("---\n");
            // Indentation and quoting add to the characters of the scalars: the output stops at its limit too.
            dump(document, out);
        }
        return out.toString();
    }

    private static TrebuchetException tooLarge(String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_VALUES,
                "%s; at most %d characters are allowed".formatted(problem, MAX_OUTPUT),
                Map.of("limit", "output", "maximum", MAX_OUTPUT));
    }

    /**
     * Parses the template as a template is checked when it is created: YAML without duplicate keys, within the
     * {@link io.trebuchet.core.DocumentLimits}.
     */
    static void check(String text, List<Placeholder> placeholders) {
        LoadSettings settings = settings();
        List<Node> documents = parse(text, placeholders, PROBE_PREFIX);
        scalars(documents);
        try {
            // Building values checks what composing does not, such as duplicate keys.
            Yaml.construct(documents, settings);
        } catch (YamlEngineException e) {
            throw notYaml(e);
        }
    }

    /** Parses the template with each placeholder replaced by the token of {@code prefix}. */
    private static List<Node> parse(String text, List<Placeholder> placeholders, String prefix) {
        StringBuilder tokenized = new StringBuilder(text.length() + placeholders.size() * (prefix.length() + 8));
        int last = 0;
        for (int i = 0; i < placeholders.size(); i++) {
            Placeholder placeholder = placeholders.get(i);
            tokenized
                    .append(text, last, placeholder.start())
                    .append(prefix)
                    .append(i)
                    .append('X');
            last = placeholder.end();
        }
        tokenized.append(text, last, text.length());
        try {
            return Yaml.compose(tokenized.toString(), settings(), "template");
        } catch (YamlEngineException e) {
            throw notYaml(e);
        }
    }

    private static LoadSettings settings() {
        return Yaml.settings("template").setCodePointLimit(Integer.MAX_VALUE).build();
    }

    private static TrebuchetException notYaml(YamlEngineException error) {
        if (error instanceof MarkedYamlEngineException marked) {
            String where = marked.getProblemMark()
                    .map(mark -> " at line %d, column %d".formatted(mark.getLine() + 1, mark.getColumn() + 1))
                    .orElse("");
            return new TrebuchetException(
                    ErrorCode.INVALID_TEMPLATE,
                    "template is not valid YAML%s: %s".formatted(where, String.valueOf(marked.getProblem())));
        }
        return new TrebuchetException(ErrorCode.INVALID_TEMPLATE, "template is not valid YAML: " + error.getMessage());
    }

    /**
     * A token prefix that occurs in no scalar of the template (parsed with the probe tokens, which cannot form one):
     * the first of {@code QtrbP000000000000}, {@code QtrbP000000000001}, ... that the template does not say.
     */
    private static String prefix(List<String> scalars) {
        Set<Long> taken = new HashSet<>();
        scalars.forEach(scalar -> taken.addAll(nonces(scalar)));
        long nonce = 0;
        while (taken.contains(nonce)) {
            nonce++;
        }
        return TOKEN_START + String.format(Locale.ROOT, "%0" + NONCE_DIGITS + "d", nonce);
    }

    /**
     * What the scalars of the documents say, each node once however many aliases share it. A scalar that cannot be
     * written back (an escape that names half of a UTF-16 pair, which is no character) refuses the template.
     */
    private static List<String> scalars(List<Node> documents) {
        List<String> scalars = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>(documents);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            switch (node) {
                case ScalarNode scalar -> {
                    if (hasUnpairedSurrogate(scalar.getValue())) {
                        throw new TrebuchetException(
                                ErrorCode.INVALID_TEMPLATE,
                                "template is invalid: %s escapes half of a UTF-16 surrogate pair, which is no character"
                                        .formatted(scalar.getStartMark()
                                                .map(mark -> "the scalar at line %d, column %d"
                                                        .formatted(mark.getLine() + 1, mark.getColumn() + 1))
                                                .orElse("a scalar")));
                    }
                    scalars.add(scalar.getValue());
                }
                case SequenceNode sequence -> pending.addAll(sequence.getValue());
                case MappingNode mapping ->
                    mapping.getValue().forEach(tuple -> {
                        pending.add(tuple.getKeyNode());
                        pending.add(tuple.getValueNode());
                    });
                default -> {}
            }
        }
        return scalars;
    }

    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The nonces of the token prefixes that {@code text} contains. */
    private static List<Long> nonces(String text) {
        List<Long> nonces = new ArrayList<>();
        int at = text.indexOf(TOKEN_START);
        while (at >= 0) {
            int digits = at + TOKEN_START.length();
            int end = digits;
            while (end < text.length() && end - digits < NONCE_DIGITS && isDigit(text.charAt(end))) {
                end++;
            }
            if (end - digits == NONCE_DIGITS) {
                nonces.add(Long.parseLong(text.substring(digits, end)));
            }
            at = text.indexOf(TOKEN_START, at + 1);
        }
        return nonces;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The node with every token replaced by its text; a node shared through aliases is substituted once. */
    private static Node substitute(Node node, String prefix, List<String> texts, IdentityHashMap<Node, Node> done) {
        Node known = done.get(node);
        if (known != null) {
            return known;
        }
        Node result = switch (node) {
            case ScalarNode scalar -> substituteScalar(scalar, prefix, texts);
            case SequenceNode sequence -> {
                List<Node> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(substitute(item, prefix, texts, done)));
                yield new SequenceNode(sequence.getTag(), items, FlowStyle.BLOCK);
            }
            case MappingNode mapping -> {
                List<NodeTuple> tuples = new ArrayList<>();
                mapping.getValue()
                        .forEach(tuple -> tuples.add(new NodeTuple(
                                substitute(tuple.getKeyNode(), prefix, texts, done),
                                substitute(tuple.getValueNode(), prefix, texts, done))));
                yield new MappingNode(mapping.getTag(), tuples, FlowStyle.BLOCK);
            }
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_TEMPLATE, "template contains a YAML node of an unsupported kind");
        };
        done.put(node, result);
        return result;
    }

    /** The characters of the scalars of {@code node} with its aliases expanded, each shared node counted once. */
    private static long characters(Node node, IdentityHashMap<Node, Long> known) {
        Long size = known.get(node);
        if (size != null) {
            return size;
        }
        long total = switch (node) {
            case ScalarNode scalar -> scalar.getValue().length();
            case SequenceNode sequence ->
                sequence.getValue().stream()
                        .mapToLong(item -> characters(item, known))
                        .reduce(0, TemplateRenderer::saturatedSum);
            case MappingNode mapping ->
                mapping.getValue().stream()
                        .mapToLong(tuple -> saturatedSum(
                                characters(tuple.getKeyNode(), known), characters(tuple.getValueNode(), known)))
                        .reduce(0, TemplateRenderer::saturatedSum);
            default -> 0;
        };
        known.put(node, total);
        return total;
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static Node substituteScalar(ScalarNode scalar, String prefix, List<String> texts) {
        String original = scalar.getValue();
        int at = original.indexOf(prefix);
        if (at < 0) {
            return scalar;
        }
        // The prefix occurs in no scalar of the template: each occurrence is a whole token, <prefix><index>X.
        StringBuilder value = new StringBuilder();
        int last = 0;
        while (at >= 0) {
            int digits = at + prefix.length();
            int end = original.indexOf('X', digits);
            value.append(original, last, at).append(texts.get(Integer.parseInt(original.substring(digits, end))));
            last = end + 1;
            at = original.indexOf(prefix, last);
        }
        value.append(original, last, original.length());
        String text = value.toString();
        if (!scalar.isPlain()) {
            return new ScalarNode(Tag.STR, text, ScalarStyle.DOUBLE_QUOTED);
        }
        Tag tag = RESOLVER.resolve(text, true);
        if (tag.equals(Tag.STR) && YAML_11_BOOLEANS.contains(text)) {
            return new ScalarNode(Tag.STR, text, ScalarStyle.DOUBLE_QUOTED);
        }
        return new ScalarNode(tag, text, ScalarStyle.PLAIN);
    }

    private static void dump(Node document, Output out) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .setDereferenceAliases(true)
                .build();
        new Dump(settings).dumpNode(document, out);
    }

    /** The text a value stands for in a scalar. */
    static String text(Object value) {
        return switch (value) {
            case String text
            when hasUnpairedSurrogate(text) ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_VALUES,
                        "a value holds half of a UTF-16 surrogate pair, which is no character and cannot be written");
            case String text -> text;
            case BigDecimal decimal
            when Math.abs((long) decimal.scale()) > DocumentLimits.MAX_NUMBER_LENGTH ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_VALUES,
                        "a number value is longer than %d digits".formatted(DocumentLimits.MAX_NUMBER_LENGTH));
            case BigDecimal decimal -> decimal.toPlainString();
            case Number number -> number.toString();
            case Boolean bool -> bool.toString();
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_VALUES,
                        "values must be strings, numbers or booleans, got %s"
                                .formatted(value.getClass().getSimpleName()));
        };
    }

    /** What the dumper writes to: the rendered text, refused as soon as it grows past {@link #MAX_OUTPUT}. */
    private static final class Output implements StreamDataWriter {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void write(String data) {
            write(data, 0, data.length());
        }

        @Override
        public void write(String data, int offset, int length) {
            if ((long) text.length() + length > MAX_OUTPUT) {
                throw tooLarge("the rendered template is longer with its aliases expanded");
            }
            text.append(data, offset, offset + length);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
