package io.trebuchet.web;

/**
 * The UI's icons, drawn as inline SVG by {@code icon.jte}, so that they look the same on every machine (no emoji font
 * needed) and need no request of their own.
 */
enum Icon {
    LOCK,
    LOCK_OPEN,
    FREEZE,
    WARNING,
    POLICY,
    QUEUED,
    BEHIND,
    AHEAD,
    HOLD
}
