package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

/**
 * Something a person should notice about an application in an environment, or about an environment: shown as a mark
 * in the overview's cell or column header, with the full sentence on hover and for screen readers.
 */
record CellNote(Kind kind, String text) {
    CellNote {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    /** What sort of note it is; each kind has its mark and style. */
    enum Kind {
        WARNING("warning", "⚠");

        private final String style;
        private final String mark;

        Kind(String style, String mark) {
            this.style = style;
            this.mark = mark;
        }

        String style() {
            return style;
        }

        String mark() {
            return mark;
        }
    }

    static CellNote warning(String text) {
        return new CellNote(Kind.WARNING, text);
    }
}
