package io.trebuchet.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * One YAML document of a platform directory, as a JSON tree for Jackson and as snakeyaml-engine nodes that know their
 * line and column, so that every problem found in the tree can name the line it comes from. Strict: duplicate keys
 * and recursive aliases are refused, and so is a file over the {@link io.trebuchet.core.DocumentLimits} (an alias
 * bomb); scalars follow the YAML 1.2 core schema ({@code yes} is a string).
 */
final class YamlFile {
    private final String file;
    private final JsonNode tree;
    private final Optional<Node> root;

    private YamlFile(String file, JsonNode tree, Optional<Node> root) {
        this.file = file;
        this.tree = tree;
        this.root = root;
    }

    /**
     * Parses {@code text}; an empty document gives an empty tree. A syntax error is added to {@code problems} with its
     * position, and gives nothing.
     */
    static Optional<YamlFile> parse(String file, String text, List<PlatformProblem> problems) {
        LoadSettings settings = Yaml.settings(file).setSchema(new CoreSchema()).build();
        List<Node> nodes;
        List<Object> documents;
        try {
            nodes = Yaml.compose(text, settings, "this file");
            documents = Yaml.construct(nodes, settings);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            String problem = e.getProblem() == null ? String.valueOf(e.getMessage()) : e.getProblem();
            problems.add(new PlatformProblem(
                    file,
                    mark.map(value -> value.getLine() + 1).orElse(0),
                    mark.map(value -> value.getColumn() + 1).orElse(0),
                    "",
                    "not valid YAML: " + firstLine(problem)));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(new PlatformProblem(file, 0, 0, "", "not valid YAML: " + firstLine(e.getMessage())));
            return Optional.empty();
        } catch (TrebuchetException e) {
            // Over a document limit; the message names the file and the limit.
            problems.add(new PlatformProblem(
                    file,
                    e.details().get("line") instanceof Integer line ? line : 0,
                    e.details().get("column") instanceof Integer column ? column : 0,
                    "",
                    e.getMessage()));
            return Optional.empty();
        }
        if (documents.size() > 1) {
            problems.add(new PlatformProblem(
                    file, 0, 0, "", "holds %d YAML documents; give one per file".formatted(documents.size())));
            return Optional.empty();
        }
        Optional<Node> root = nodes.stream().findFirst();
        Optional<PlatformProblem> key = root.flatMap(node -> keyThatIsNoString(file, node));
        if (key.isPresent()) {
            problems.add(key.get());
            return Optional.empty();
        }
        JsonNode tree = Json.mapper().valueToTree(documents.isEmpty() ? null : documents.getFirst());
        return Optional.of(new YamlFile(file, tree == null ? Json.mapper().nullNode() : tree, root));
    }

    /**
     * The first mapping key that is not a string ({@code null}, {@code 1}, {@code true}, a list): a platform file is
     * JSON in YAML's clothes, and JSON names fields with strings only.
     */
    private static Optional<PlatformProblem> keyThatIsNoString(String file, Node root) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof SequenceNode sequence) {
                pending.addAll(sequence.getValue());
            } else if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    Node key = tuple.getKeyNode();
                    if (!(key instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
                        Optional<Mark> mark = key.getStartMark();
                        return Optional.of(new PlatformProblem(
                                file,
                                mark.map(value -> value.getLine() + 1).orElse(0),
                                mark.map(value -> value.getColumn() + 1).orElse(0),
                                "",
                                "a key must be a string; quote it if it is meant as one"));
                    }
                    pending.add(tuple.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    String file() {
        return file;
    }

    JsonNode tree() {
        return tree;
    }

    boolean isEmpty() {
        return tree.isNull() || tree.isMissingNode();
    }

    /** A problem at {@code path} (field names and list indexes), positioned at the deepest node that exists. */
    PlatformProblem problem(List<Object> path, String message) {
        Optional<Mark> mark = root.flatMap(Node::getStartMark);
        Node current = root.orElse(null);
        for (Object step : path) {
            if (step instanceof String key && current instanceof MappingNode mapping) {
                Optional<NodeTuple> entry = mapping.getValue().stream()
                        .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar
                                && scalar.getValue().equals(key))
                        .findFirst();
                if (entry.isEmpty()) {
                    break;
                }
                mark = entry.get().getKeyNode().getStartMark();
                current = entry.get().getValueNode();
            } else if (step instanceof Integer index
                    && current instanceof SequenceNode sequence
                    && index < sequence.getValue().size()) {
                current = sequence.getValue().get(index);
                mark = current.getStartMark();
            } else {
                break;
            }
        }
        return new PlatformProblem(
                file,
                mark.map(value -> value.getLine() + 1).orElse(0),
                mark.map(value -> value.getColumn() + 1).orElse(0),
                render(path),
                message);
    }

    /**
     * Maps {@code node} (a part of this file's tree found at {@code base}) to {@code type}; a failure is added to
     * {@code problems} at the field it concerns, and gives nothing.
     */
    <T> Optional<T> map(JsonNode node, List<Object> base, Class<T> type, List<PlatformProblem> problems) {
        try {
            return Optional.of(Json.mapper().treeToValue(node, type));
        } catch (JsonProcessingException e) {
            List<Object> path = new ArrayList<>(base);
            if (e instanceof JsonMappingException mapping) {
                for (JsonMappingException.Reference reference : mapping.getPath()) {
                    if (reference.getFieldName() != null) {
                        path.add(reference.getFieldName());
                    } else if (reference.getIndex() >= 0) {
                        path.add(reference.getIndex());
                    }
                }
            }
            String message = Json.reason(e);
            Optional<TrebuchetException> cause = validationError(e);
            if (cause.isPresent()) {
                // Validation in a record names its field with a dotted name ("argocd.syncWindows.kind"); point at it.
                Object named = cause.get().details().get("field");
                if (named instanceof String field) {
                    String last = field.substring(field.lastIndexOf('.') + 1);
                    if (child(path, last)) {
                        path.add(last);
                    }
                    if (message.startsWith(field + " ")) {
                        message = message.substring(field.length() + 1);
                    }
                }
            }
            problems.add(problem(path, message));
            return Optional.empty();
        } catch (TrebuchetException e) {
            problems.add(problem(base, e.getMessage()));
            return Optional.empty();
        }
    }

    private boolean child(List<Object> path, String key) {
        JsonNode node = tree;
        for (Object step : path) {
            node = step instanceof String name ? node.path(name) : node.path((Integer) step);
        }
        return node.isObject() && node.has(key);
    }

    private static Optional<TrebuchetException> validationError(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TrebuchetException trebuchet) {
                return Optional.of(trebuchet);
            }
        }
        return Optional.empty();
    }

    static String render(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(step);
            }
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        String text = message == null ? "malformed" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
