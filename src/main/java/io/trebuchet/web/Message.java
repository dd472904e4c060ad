package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

/** A sentence shown next to what caused it: what an action did, or why it was refused. */
record Message(boolean error, String text) {
    Message {
        requireNonNull(text, "text is null");
    }

    static Message error(String text) {
        return new Message(true, text);
    }

    static Message done(String text) {
        return new Message(false, text);
    }
}
