package io.trebuchet.core;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * What one YAML or JSON document may amount to, whoever sends it: a manifest, a template, values, an environment
 * config, a platform file, a JSON body. A document's cost is not its size: ten levels of YAML aliases expand a few
 * hundred characters to a billion nodes, a number of a million digits takes half a minute to parse. Each limit is
 * checked while the text is parsed, before anything is built from it (YAML in {@link Yaml}, JSON by Jackson's
 * {@link StreamReadConstraints} on {@link Json#mapper()}), and a document over one is refused with {@link
 * ErrorCode#DOCUMENT_TOO_COMPLEX}, whose {@code details.limit} names the limit and {@code details.maximum} its figure.
 *
 * <p>The figures are far above what a real document needs and far below what hurts the server: no document without
 * aliases, within the size limits of its field, comes near {@link #MAX_CHARACTERS}.
 */
public final class DocumentLimits {
    /** YAML documents in one text (such as the Kubernetes objects of one manifest). */
    public static final int MAX_DOCUMENTS = 1_000;
    /** Nesting of mappings and sequences (JSON objects and arrays), with every alias expanded. */
    public static final int MAX_DEPTH = 100;
    /** Nodes (scalars, keys included, mappings and sequences) of all documents, with every alias expanded. */
    public static final long MAX_NODES = 1_000_000;
    /**
     * Characters of all scalars, with every alias expanded: the longest text a field takes (a template, 4 MiB) stays
     * below it without aliases.
     */
    public static final long MAX_CHARACTERS = 4L * 1024 * 1024;
    /** Characters of one number: the time to parse a number grows faster than its length. */
    public static final int MAX_NUMBER_LENGTH = 1_000;
    /** Aliases to mappings or sequences in one YAML document. */
    public static final int MAX_ALIASES = 100;
    /** Characters of one JSON string: twice the longest text a field takes (a template). */
    public static final int MAX_STRING_LENGTH = 8 * 1024 * 1024;
    /** Tokens of one JSON document: a node is one or two tokens (a field name and its value). */
    public static final long MAX_TOKENS = 2 * MAX_NODES;
    /** Bytes of a Helm chart archive (a gzipped tar), as uploaded or fetched: real charts are tens of KiB. */
    public static final int MAX_CHART_ARCHIVE_BYTES = 1024 * 1024;
    /** Bytes of a Helm chart archive unpacked: all its files together, so that a small archive cannot expand. */
    public static final long MAX_CHART_UNPACKED_BYTES = 8L * 1024 * 1024;
    /** Files in a Helm chart archive. */
    public static final int MAX_CHART_FILES = 1_000;

    /** Which limit a document is over: the {@code details.limit} of the error. */
    public enum Limit {
        DOCUMENTS("documents"),
        DEPTH("depth"),
        NODES("nodes"),
        CHARACTERS("characters"),
        NUMBER_LENGTH("number-length"),
        ALIASES("aliases"),
        STRING_LENGTH("string-length"),
        NAME_LENGTH("name-length"),
        TOKENS("tokens");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private DocumentLimits() {}

    /** The limits of JSON documents, for the shared mapper. */
    static StreamReadConstraints json() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxTokenCount(MAX_TOKENS)
                .build();
    }

    /**
     * The refusal of {@code what} for being over {@code limit} (whose figure is {@code maximum}); {@code problem} says
     * what was found, {@code where} where.
     */
    static TrebuchetException exceeded(String what, Limit limit, long maximum, String problem, Optional<Mark> where) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", limit.label());
        details.put("maximum", maximum);
        String position = "";
        if (where.isPresent()) {
            int line = where.get().getLine() + 1;
            int column = where.get().getColumn() + 1;
            details.put("line", line);
            details.put("column", column);
            position = " (at line %d, column %d)".formatted(line, column);
        }
        return new TrebuchetException(
                ErrorCode.DOCUMENT_TOO_COMPLEX,
                "%s is too complex: %s%s; at most %d are allowed".formatted(what, problem, position, maximum),
                details);
    }

    /** The refusal of a JSON document that Jackson found over one of {@link #json()}. */
    static TrebuchetException exceeded(String what, StreamConstraintsException error) {
        String message = String.valueOf(error.getOriginalMessage());
        Limit limit;
        long maximum;
        String problem;
        if (message.startsWith("Document nesting depth")) {
            limit = Limit.DEPTH;
            maximum = MAX_DEPTH;
            problem = "it is nested more than %d levels deep".formatted(MAX_DEPTH);
        } else if (message.startsWith("Number value length")) {
            limit = Limit.NUMBER_LENGTH;
            maximum = MAX_NUMBER_LENGTH;
            problem = "it has a number longer than %d characters".formatted(MAX_NUMBER_LENGTH);
        } else if (message.startsWith("String value length")) {
            limit = Limit.STRING_LENGTH;
            maximum = MAX_STRING_LENGTH;
            problem = "it has a string longer than %d characters".formatted(MAX_STRING_LENGTH);
        } else if (message.startsWith("Name length")) {
            limit = Limit.NAME_LENGTH;
            maximum = StreamReadConstraints.DEFAULT_MAX_NAME_LEN;
            problem = "it has a field name longer than %d characters".formatted(maximum);
        } else {
            limit = Limit.TOKENS;
            maximum = MAX_TOKENS;
            problem = "it has more than %d tokens".formatted(MAX_TOKENS);
        }
        return exceeded(what, limit, maximum, problem, Optional.empty());
    }
}
