package io.trebuchet.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses text shown to people that would not show what it holds: control characters, invisible characters (zero
 * width spaces and joiners, the soft hyphen, the byte order mark, fillers) and the bidirectional overrides and
 * isolates that reorder what is displayed, so that a lock id, a message or a name cannot read one way on screen and
 * be another in the store, in git and in scripts. One place, so that every field refuses the same characters in the
 * same words, naming the field and the character.
 */
public final class VisibleText {
    /** Characters that are not format or control characters by category but show as nothing. */
    private static final Set<Integer> INVISIBLE = Set.of(
            0x034F, // COMBINING GRAPHEME JOINER
            0x115F, // HANGUL CHOSEONG FILLER
            0x1160, // HANGUL JUNGSEONG FILLER
            0x17B4, // KHMER VOWEL INHERENT AQ
            0x17B5, // KHMER VOWEL INHERENT AA
            0x2028, // LINE SEPARATOR
            0x2029, // PARAGRAPH SEPARATOR
            0x3164, // HANGUL FILLER
            0xFFA0); // HALFWIDTH HANGUL FILLER

    private VisibleText() {}

    /** Checks text of one line (a name, an id, an author): no control characters at all. */
    public static String line(String value, ErrorCode code, String field) {
        return check(value, code, field, false);
    }

    /** Checks text of several lines (a message): line breaks and tabs are allowed, other control characters not. */
    public static String lines(String value, ErrorCode code, String field) {
        return check(value, code, field, true);
    }

    /** The first character of {@code value} that would not show as itself, as a code point; else empty. */
    private static Optional<Integer> firstHidden(String value, boolean multiline) {
        requireNonNull(value, "value is null");
        return value.codePoints().filter(c -> hidden(c, multiline)).boxed().findFirst();
    }

    private static String check(String value, ErrorCode code, String field, boolean multiline) {
        requireNonNull(code, "code is null");
        requireNonNull(field, "field is null");
        Optional<Integer> hidden = firstHidden(value, multiline);
        if (hidden.isPresent()) {
            int codePoint = hidden.get();
            int position = value.codePointCount(0, value.indexOf(Character.toString(codePoint))) + 1;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("field", field);
            details.put("codePoint", "U+%04X".formatted(codePoint));
            details.put("position", position);
            throw new TrebuchetException(
                    code,
                    ("%s contains %s at character %d: control characters, invisible characters and bidirectional"
                                    + " overrides are refused in text shown to people")
                            .formatted(field, describe(codePoint), position),
                    details);
        }
        return value;
    }

    private static boolean hidden(int codePoint, boolean multiline) {
        if (multiline && (codePoint == '\n' || codePoint == '\r' || codePoint == '\t')) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE -> true;
            default -> INVISIBLE.contains(codePoint);
        };
    }

    /** {@code U+202E RIGHT-TO-LEFT OVERRIDE}; a character without a name of its own is named by its block. */
    private static String describe(int codePoint) {
        String hex = "U+%04X".formatted(codePoint);
        String name = Character.getName(codePoint);
        return name == null ? hex : hex + " " + name.toUpperCase(Locale.ROOT);
    }
}
