package io.trebuchet.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON conventions of Trebuchet: ISO-8601 instants, absent optionals omitted, unknown fields and trailing garbage
 * refused (a typo in a config must not be silently ignored), map keys sorted so that output is deterministic, and
 * documents held to {@link DocumentLimits} while they are read.
 */
public final class Json {
    private static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    public static ObjectMapper newMapper() {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(DocumentLimits.json())
                        .build())
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
                .build();
    }

    /** A shared, fully configured mapper; Jackson mappers are thread-safe once configured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads {@code text} as a {@code type}, turning every problem into a {@link TrebuchetException} with {@code code}, a
     * message that names the field, and the field's path in {@code details.field}.
     */
    public static <T> T read(String text, Class<T> type, ErrorCode code, String what) {
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new TrebuchetException(code, what + " is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw invalid(e, code, what);
        }
    }

    /**
     * Describes a Jackson failure in words a person understands, keeping a validation error from a constructor; a
     * document over one of the {@link DocumentLimits} is {@link ErrorCode#DOCUMENT_TOO_COMPLEX}, whatever {@code code}.
     */
    public static TrebuchetException invalid(JsonProcessingException error, ErrorCode code, String what) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                return DocumentLimits.exceeded(what, limit);
            }
        }
        String field = error instanceof JsonMappingException mapping ? path(mapping) : "";
        Map<String, Object> details = new LinkedHashMap<>();
        if (!field.isEmpty()) {
            details.put("field", field);
        }
        String where = field.isEmpty() ? "" : " at '" + field + "'";
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TrebuchetException trebuchet) {
                details.putAll(trebuchet.details());
                return new TrebuchetException(
                        trebuchet.code(),
                        "%s is invalid%s: %s".formatted(what, where, trebuchet.getMessage()),
                        details);
            }
        }
        return new TrebuchetException(code, "%s is invalid%s: %s".formatted(what, where, reason(error)), details);
    }

    /**
     * What is wrong, in words a person understands, without where (see {@link #path}): the message of a validation
     * error from a constructor, an unknown field, a wrong type, or a syntax error with its line and column.
     */
    public static String reason(JsonProcessingException error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TrebuchetException trebuchet) {
                return trebuchet.getMessage();
            }
            if (cause instanceof NullPointerException) {
                // A record refusing null: a value given as null (or a list holding null) where one is required.
                return "a value is null where one is required";
            }
        }
        String reason;

        if (error instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown field '%s'".formatted(unknown.getPropertyName());
        } else if (error instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            reason = "expected %s".formatted(describe(mismatched.getTargetType()));
        } else if (error instanceof JsonParseException || error instanceof StreamReadException) {
            var location = error.getLocation();
            reason = location == null
                    ? "not valid JSON: " + error.getOriginalMessage()
                    : "not valid JSON at line %d, column %d: %s"
                            .formatted(
                                    location.getLineNr(),
                                    location.getColumnNr(),
                                    firstLine(error.getOriginalMessage()));
        } else {
            reason = firstLine(error.getOriginalMessage());
        }
        return reason;
    }

    /** Where a mapping error happened, as {@code a.b[2].c}; empty at the top. */
    public static String path(JsonMappingException error) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : error.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == java.time.Instant.class) {
            return "a time with its offset, such as 2026-11-03T18:00:00Z";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (type.isRecord()) {
            // Value types such as AppName or Version are written as their single @JsonValue component.
            for (var component : type.getRecordComponents()) {
                if (component.getAccessor().isAnnotationPresent(JsonValue.class)) {
                    return describe(component.getType());
                }
            }
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TrebuchetException(ErrorCode.INTERNAL_ERROR, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
