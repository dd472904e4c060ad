package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

/**
 * Something a person should notice about an application in an environment, or about an environment: shown as an icon
 * in the overview's cell or column header (and in the application page's rows), with the full sentence on hover and
 * for screen readers.
 */
record CellNote(Kind kind, String text, int count) {
    CellNote {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
    }

    /** One note about one thing. */
    CellNote(Kind kind, String text) {
        this(kind, text, 1);
    }

    /** The number shown beside the icon when the note stands for several things, such as policy findings. */
    boolean counted() {
        return count > 1;
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
        POLICY("policy", Icon.POLICY),
        /** What runs here is older than what runs in the environment it takes versions from. */
        BEHIND("behind", Icon.BEHIND),
        /**
         * What runs here is newer than what runs in the environment it takes versions from: a hotfix, or a deploy by
         * hand. Shown whether or not a lock explains it; only an unexplained one is also a warning.
         */
        AHEAD("ahead", Icon.AHEAD),
        /** A person's rollback holds the application here: automation leaves it until the hold ends. */
        HELD("held", Icon.HOLD),
        /** What runs here is decided but not yet in the manifest repository: Argo CD does not see it yet. */
        GIT_PENDING("git-pending", Icon.QUEUED);

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
