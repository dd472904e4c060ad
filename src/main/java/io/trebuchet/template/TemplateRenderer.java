package io.trebuchet.template;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
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
 */
public final class TemplateRenderer {
    private static final String TOKEN_PREFIX = "tRbPlAcEhOlDeR";
    private static final Pattern TOKEN = Pattern.compile(TOKEN_PREFIX + "(\\d+)X");
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
        StringBuilder out = new StringBuilder();
        long expected = (long) template.text().length()
                + placeholders.stream()
                        .mapToLong(placeholder ->
                                text(values.get(placeholder.name())).length())
                        .sum();
        if (expected > MAX_OUTPUT) {
            throw tooLarge(expected);
        }
        for (Node document : compose(template.text(), placeholders)) {
            out.append("---\n").append(dump(substitute(document, texts)));
            if (out.length() > MAX_OUTPUT) {
                throw tooLarge(out.length());
            }
        }
        return out.toString();
    }

    private static TrebuchetException tooLarge(long characters) {
        return new TrebuchetException(
                ErrorCode.INVALID_VALUES,
                "the rendered template would be about %d characters; at most %d are allowed"
                        .formatted(characters, MAX_OUTPUT));
    }

    /** Parses the template with each placeholder replaced by its token; refuses a template that is not YAML. */
    static List<Node> compose(String text, List<Placeholder> placeholders) {
        StringBuilder tokenized = new StringBuilder();
        int last = 0;
        for (int i = 0; i < placeholders.size(); i++) {
            Placeholder placeholder = placeholders.get(i);
            tokenized
                    .append(text, last, placeholder.start())
                    .append(TOKEN_PREFIX)
                    .append(i)
                    .append('X');
            last = placeholder.end();
        }
        tokenized.append(text.substring(last));
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(100)
                .setCodePointLimit(Integer.MAX_VALUE)
                .setLabel("template")
                .build();
        try {
            // Loading checks what composing does not, such as duplicate keys.
            new Load(settings).loadAllFromString(tokenized.toString()).forEach(document -> {});
            List<Node> documents = new ArrayList<>();
            new Compose(settings).composeAllFromString(tokenized.toString()).forEach(documents::add);
            return documents;

        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark()
                    .map(mark -> " at line %d, column %d".formatted(mark.getLine() + 1, mark.getColumn() + 1))
                    .orElse("");
            throw new TrebuchetException(
                    ErrorCode.INVALID_TEMPLATE,
                    "template is not valid YAML%s: %s".formatted(where, String.valueOf(e.getProblem())));
        } catch (YamlEngineException e) {
            throw new TrebuchetException(ErrorCode.INVALID_TEMPLATE, "template is not valid YAML: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new TrebuchetException(ErrorCode.INVALID_TEMPLATE, "template is nested too deeply");
        }
    }

    private static Node substitute(Node node, List<String> texts) {
        return switch (node) {
            case ScalarNode scalar -> substituteScalar(scalar, texts);
            case SequenceNode sequence -> {
                List<Node> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(substitute(item, texts)));
                yield new SequenceNode(sequence.getTag(), items, FlowStyle.BLOCK);
            }
            case MappingNode mapping -> {
                List<NodeTuple> tuples = new ArrayList<>();
                mapping.getValue()
                        .forEach(tuple -> tuples.add(new NodeTuple(
                                substitute(tuple.getKeyNode(), texts), substitute(tuple.getValueNode(), texts))));
                yield new MappingNode(mapping.getTag(), tuples, FlowStyle.BLOCK);
            }
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_TEMPLATE, "template contains a YAML node of an unsupported kind");
        };
    }

    private static Node substituteScalar(ScalarNode scalar, List<String> texts) {
        Matcher matcher = TOKEN.matcher(scalar.getValue());
        if (!matcher.find()) {
            return scalar;
        }
        StringBuilder value = new StringBuilder();
        matcher.reset();
        while (matcher.find()) {
            matcher.appendReplacement(value, Matcher.quoteReplacement(texts.get(Integer.parseInt(matcher.group(1)))));
        }
        matcher.appendTail(value);
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

    private static String dump(Node document) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .setDereferenceAliases(true)
                .build();
        StringWriter writer = new StringWriter();
        new Dump(settings).dumpNode(document, new Writer(writer));
        return writer.toString();
    }

    /** The text a value stands for in a scalar. */
    static String text(Object value) {
        return switch (value) {
            case String text -> text;
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

    /** Adapts a {@link StringWriter} to what the dumper writes to. */
    private record Writer(StringWriter out) implements StreamDataWriter {
        @Override
        public void write(String text) {
            out.write(text);
        }

        @Override
        public void write(String text, int offset, int length) {
            out.write(text, offset, length);
        }
    }
}
