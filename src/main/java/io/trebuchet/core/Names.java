package io.trebuchet.core;

import java.util.regex.Pattern;

/** Checks shared by the name types: one place for the patterns users see in error messages. */
final class Names {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private Names() {}

    static String check(String value, Pattern pattern, int maxLength, ErrorCode code, String what) {
        if (value == null || value.isEmpty()) {
            throw new TrebuchetException(code, what + " is missing");
        }
        // First, so that the message names an invisible or reordering character instead of showing it.
        VisibleText.line(value, code, what);
        if (value.length() > maxLength) {
            throw new TrebuchetException(
                    code,
                    "%s '%s' is %d characters long; at most %d are allowed"
                            .formatted(what, abbreviate(value), value.length(), maxLength));
        }
        if (!pattern.matcher(value).matches()) {
            throw new TrebuchetException(
                    code,
                    "%s '%s' is not valid: it must match %s".formatted(what, abbreviate(value), pattern.pattern()));
        }
        return value;
    }

    /** Keeps error messages readable when a caller sends something huge. */
    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
