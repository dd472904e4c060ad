package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flux's {@code filterTags}: only tags that the pattern matches are candidates, and the policy orders each by the
 * value {@code extract} makes of it ({@code $datetime}, {@code ${1}}, literal text between; {@code $$} is a dollar).
 * Without {@code extract} the value is the tag. Unlike Go's template expansion, a reference to a group the pattern
 * does not have, or a lone {@code $}, is refused when the policy is written rather than expanded to nothing.
 */
record TagFilter(TagPattern pattern, String extract, List<Part> parts) {
    static final int MAX_EXTRACT_LENGTH = 256;

    /** A piece of the extract template: literal text, or a group by name or number. */
    sealed interface Part {
        record Literal(String text) implements Part {}

        record Group(String name) implements Part {}
    }

    TagFilter {
        requireNonNull(pattern, "pattern is null");
        requireNonNull(extract, "extract is null");
        parts = List.copyOf(parts);
    }

    static TagFilter of(String pattern, String extract) {
        TagPattern compiled = TagPattern.compile(pattern, "filterTags.pattern");
        requireNonNull(extract, "extract is null");
        if (extract.length() > MAX_EXTRACT_LENGTH) {
            throw TagPattern.invalid(
                    "filterTags.extract", extract, "is longer than %d characters".formatted(MAX_EXTRACT_LENGTH));
        }
        List<Part> parts = parse(extract);
        for (Part part : parts) {
            if (part instanceof Part.Group(String name) && !hasGroup(compiled, name)) {
                throw TagPattern.invalid(
                        "filterTags.extract",
                        extract,
                        "names the group '%s', which the pattern '%s' does not have".formatted(name, pattern));
            }
        }
        return new TagFilter(compiled, extract, parts);
    }

    /** The value to order the tag by, or empty when the pattern does not match it. */
    Optional<String> apply(String tag) {
        Optional<Matcher> match = pattern.match(tag);
        if (match.isEmpty()) {
            return Optional.empty();
        }
        if (parts.isEmpty()) {
            return Optional.of(tag);
        }
        Matcher matcher = match.get();
        StringBuilder value = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Part.Literal(String text) -> value.append(text);
                case Part.Group(String name) -> {
                    String group = isNumber(name) ? matcher.group(Integer.parseInt(name)) : matcher.group(name);
                    value.append(group == null ? "" : group);
                }
            }
        }
        return Optional.of(value.toString());
    }

    private static boolean hasGroup(TagPattern pattern, String name) {
        if (isNumber(name)) {
            return name.length() <= 4
                    && Integer.parseInt(name) <= pattern.pattern().groupCount();
        }
        return pattern.pattern().namedGroups().containsKey(name);
    }

    private static boolean isNumber(String name) {
        return name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isNameCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static List<Part> parse(String extract) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < extract.length()) {
            char c = extract.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < extract.length() && extract.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            String name;
            if (i + 1 < extract.length() && extract.charAt(i + 1) == '{') {
                int close = extract.indexOf('}', i + 2);
                if (close < 0) {
                    throw TagPattern.invalid("filterTags.extract", extract, "has a '${' without its '}'");
                }
                name = extract.substring(i + 2, close);
                i = close + 1;
            } else {
                // As in Go, $name takes every name character that follows: $1x is ${1x}.
                int end = i + 1;
                while (end < extract.length() && isNameCharacter(extract.charAt(end))) {
                    end++;
                }
                name = extract.substring(i + 1, end);
                i = end;
            }
            if (name.isEmpty() || !name.chars().allMatch(n -> isNameCharacter((char) n))) {
                throw TagPattern.invalid(
                        "filterTags.extract", extract, "has a '$' without a group name (write $$ for a dollar)");
            }
            if (!literal.isEmpty()) {
                parts.add(new Part.Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Part.Group(name));
        }
        if (!literal.isEmpty()) {
            parts.add(new Part.Literal(literal.toString()));
        }
        return parts;
    }
}
