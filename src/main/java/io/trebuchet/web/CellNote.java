package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

/**
 * Something a person should notice about an application in an environment, or about an environment: shown as an icon
 * in the overview's cell or column header (and in the application page's rows), with the full sentence on hover and
 * for screen readers.
 */
record CellNote(Kind kind, String text) {
    CellNote {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    /** What sort of note it is; each kind has its icon and style. */
    enum Kind {
        /** A lock that stops automation now. */
        LOCK("lock", Icon.LOCK),
        /** A lock that does not stop automation now: expired, or scheduled and outside its window. */
        LOCK_INACTIVE("lock-inactive", Icon.LOCK_OPEN),
        /** A freeze window stops automation now. */
        FREEZE("freeze", Icon.FREEZE),
        /** Something about the order of versions or a lock that deserves a look. */
        WARNING("warning", Icon.WARNING),
        /** What runs here breaks a best-practice policy. */
        POLICY("policy", Icon.POLICY);

        private final String style;
        private final Icon icon;

        Kind(String style, Icon icon) {
            this.style = style;
            this.icon = icon;
        }

        String style() {
            return style;
        }

        Icon icon() {
            return icon;
        }
    }

    static CellNote warning(String text) {
        return new CellNote(Kind.WARNING, text);
    }
}
