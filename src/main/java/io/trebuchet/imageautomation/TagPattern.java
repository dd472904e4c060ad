package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;

/**
 * A regular expression over tags in RE2 syntax (Go's, as Flux writes them: {@code (?P<name>...)}), evaluated in
 * linear time. It must match the whole tag, as if written between {@code ^} and {@code $}.
 */
record TagPattern(String text, Pattern pattern) {
    static final int MAX_LENGTH = 1_000;

    TagPattern {
        requireNonNull(text, "text is null");
        requireNonNull(pattern, "pattern is null");
    }

    static TagPattern compile(String text, String field) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            throw invalid(field, text, "is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(field, text, "is longer than %d characters".formatted(MAX_LENGTH));
        }
        try {
            return new TagPattern(text, Pattern.compile(text));
        } catch (PatternSyntaxException e) {
            throw invalid(field, text, "is not a valid RE2 expression: " + e.getDescription());
        }
    }

    boolean matches(String tag) {
        return pattern.matcher(tag).matches();
    }

    /** The match of the whole tag, to read groups from, or empty. */
    Optional<Matcher> match(String tag) {
        Matcher matcher = pattern.matcher(tag);
        return matcher.matches() ? Optional.of(matcher) : Optional.empty();
    }

    static TrebuchetException invalid(String field, String text, String problem) {
        return new TrebuchetException(
                ErrorCode.INVALID_IMAGE_POLICY,
                "%s '%s' %s".formatted(field, text, problem),
                Map.of("field", field, "pattern", text));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TagPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
