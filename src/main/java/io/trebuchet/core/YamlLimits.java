package io.trebuchet.core;

import io.trebuchet.core.DocumentLimits.Limit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * A YAML parser that holds the events it passes on to {@link DocumentLimits}, so that the composer above it never
 * sees a document over one. It counts what the document expands to without expanding it: each anchored node's
 * expanded size is kept when the node ends, and an alias adds that size. The count is of the whole text (every
 * document), and a limit is refused at the event that crosses it; the composer's recursion is bounded by the depth.
 */
final class YamlLimits implements Parser {
    private final Parser parser;
    private final ScalarResolver resolver;
    private final String what;
    /** Each anchor's latest definition: an {@link Extent} once complete, the open {@link Frame} while it is not. */
    private final Map<Anchor, Object> anchors = new HashMap<>();

    private final Deque<Frame> open = new ArrayDeque<>();
    private int documents;
    private int aliases;
    private long nodes;
    private long characters;

    YamlLimits(Parser parser, ScalarResolver resolver, String what) {
        this.parser = parser;
        this.resolver = resolver;
        this.what = what;
    }

    /** What a node amounts to with its aliases expanded; height 0 for a scalar, 1 for a collection of scalars. */
    private record Extent(long nodes, long characters, int height) {}

    /** A mapping or sequence not yet ended, and what its content amounts to so far. */
    private static final class Frame {
        final Optional<Anchor> anchor;
        long nodes = 1;
        long characters;
        int height = 1;

        Frame(Optional<Anchor> anchor) {
            this.anchor = anchor;
        }

        void add(Extent child) {
            nodes += child.nodes();
            characters += child.characters();
            height = Math.max(height, child.height() + 1);
        }
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return parser.hasNext();
    }

    @Override
    public Event next() {
        Event event = parser.next();
        check(event);
        return event;
    }

    private void check(Event event) {
        switch (event.getEventId()) {
            case DocumentStart -> {
                documents++;
                if (documents > DocumentLimits.MAX_DOCUMENTS) {
                    throw exceeded(
                            Limit.DOCUMENTS,
                            DocumentLimits.MAX_DOCUMENTS,
                            "it holds more than %d YAML documents".formatted(DocumentLimits.MAX_DOCUMENTS),
                            event);
                }
                anchors.clear();
                aliases = 0;
            }
            case MappingStart, SequenceStart -> {
                if (open.size() + 1 > DocumentLimits.MAX_DEPTH) {
                    throw depth(event);
                }
                count(1, 0, event);
                Frame frame = new Frame(((NodeEvent) event).getAnchor());
                frame.anchor.ifPresent(anchor -> anchors.put(anchor, frame));
                open.push(frame);
            }
            case MappingEnd, SequenceEnd -> {
                Frame frame = open.pop();
                Extent extent = new Extent(frame.nodes, frame.characters, frame.height);
                // Only the latest definition of an anchor counts: it may have been redefined inside this collection.
                frame.anchor
                        .filter(anchor -> anchors.get(anchor) == frame)
                        .ifPresent(anchor -> anchors.put(anchor, extent));
                child(extent);
            }
            case Scalar -> {
                ScalarEvent scalar = (ScalarEvent) event;
                checkNumber(scalar);
                Extent extent = new Extent(1, scalar.getValue().length(), 0);
                count(extent.nodes(), extent.characters(), event);
                scalar.getAnchor().ifPresent(anchor -> anchors.put(anchor, extent));
                child(extent);
            }
            case Alias -> alias((AliasEvent) event);
            default -> {}
        }
    }

    private void alias(AliasEvent event) {
        Object definition = anchors.get(event.getAlias());
        if (definition instanceof Frame) {
            throw exceeded(
                    Limit.ALIASES,
                    DocumentLimits.MAX_ALIASES,
                    "alias *%s is used inside the collection it names, so it would never end"
                            .formatted(event.getAlias()),
                    event);
        }
        if (!(definition instanceof Extent extent)) {
            // An undefined alias: the composer refuses it as a syntax error.
            return;
        }
        if (extent.height() > 0) {
            aliases++;
            if (aliases > DocumentLimits.MAX_ALIASES) {
                throw exceeded(
                        Limit.ALIASES,
                        DocumentLimits.MAX_ALIASES,
                        "it has more than %d aliases to mappings or sequences".formatted(DocumentLimits.MAX_ALIASES),
                        event);
            }
        }
        if (open.size() + extent.height() > DocumentLimits.MAX_DEPTH) {
            throw depth(event);
        }
        count(extent.nodes(), extent.characters(), event);
        child(extent);
    }

    private void child(Extent extent) {
        Frame parent = open.peek();
        if (parent != null) {
            parent.add(extent);
        }
    }

    private void count(long addedNodes, long addedCharacters, Event event) {
        nodes += addedNodes;
        characters += addedCharacters;
        if (nodes > DocumentLimits.MAX_NODES) {
            throw exceeded(
                    Limit.NODES,
                    DocumentLimits.MAX_NODES,
                    "it expands to more than %d nodes (scalars, mappings and sequences, aliases expanded)"
                            .formatted(DocumentLimits.MAX_NODES),
                    event);
        }
        if (characters > DocumentLimits.MAX_CHARACTERS) {
            throw exceeded(
                    Limit.CHARACTERS,
                    DocumentLimits.MAX_CHARACTERS,
                    "its values expand to more than %d characters (aliases expanded)"
                            .formatted(DocumentLimits.MAX_CHARACTERS),
                    event);
        }
    }

    /** Refuses a scalar that would be built as a number longer than {@link DocumentLimits#MAX_NUMBER_LENGTH}. */
    private void checkNumber(ScalarEvent scalar) {
        String value = scalar.getValue();
        if (value.length() <= DocumentLimits.MAX_NUMBER_LENGTH) {
            return;
        }
        // Resolved as the composer resolves it: an explicit tag, or the schema's reading of the text.
        Optional<String> explicit = scalar.getTag().filter(tag -> !tag.equals("!"));
        String tag = explicit.orElseGet(
                () -> resolver.resolve(value, scalar.getImplicit().canOmitTagInPlainScalar())
                        .getValue());
        if (tag.equals(Tag.INT.getValue()) || tag.equals(Tag.FLOAT.getValue())) {
            throw exceeded(
                    Limit.NUMBER_LENGTH,
                    DocumentLimits.MAX_NUMBER_LENGTH,
                    "it has a number of %d characters".formatted(value.length()),
                    scalar);
        }
    }

    private TrebuchetException depth(Event event) {
        return exceeded(
                Limit.DEPTH,
                DocumentLimits.MAX_DEPTH,
                "it is nested more than %d levels deep (aliases expanded)".formatted(DocumentLimits.MAX_DEPTH),
                event);
    }

    private TrebuchetException exceeded(Limit limit, long maximum, String problem, Event event) {
        return DocumentLimits.exceeded(what, limit, maximum, problem, event.getStartMark());
    }
}
