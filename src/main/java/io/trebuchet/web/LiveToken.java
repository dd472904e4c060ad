package io.trebuchet.web;

import io.trebuchet.gitexport.ExportStatus;

/**
 * What a page shows that can change while it is open, condensed into a short token for its URL: the newest event (every
 * change to releases, deployments, locks and environments is one) and what the export status says. A page polls with
 * its token; the server answers 204, without reading anything else, while the token is still the current one.
 */
final class LiveToken {
    private LiveToken() {}

    static String of(long lastEventId, ExportStatus status) {
        String export = String.join(
                "|",
                status.state().name(),
                Long.toString(status.cursorEventId()),
                Long.toString(status.eventsBehind()),
                status.lastError()
                        .map(error -> error.time() + " " + error.failedAttempts() + " " + error.message())
                        .orElse(""),
                status.divergence().isPresent() ? "halted" : "",
                status.leader().orElse(""));
        // String.hashCode is specified, so every replica gives the same token for the same state.
        return lastEventId + "-" + Integer.toHexString(export.hashCode());
    }
}
