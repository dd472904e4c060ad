package io.trebuchet.bench;

import java.util.List;

/**
 * Decides each event's export lag from samples of the export status taken at a fixed interval: from the first sample
 * whose newest event id includes the event (it is in the log) to the first sample whose cursor includes it (the remote
 * manifest repository has it). The resolution is the sampling interval.
 */
final class ExportLag {
    private ExportLag() {}

    /** One look at {@code GET /api/v1/export/status}. */
    record Sample(long nanos, long lastEventId, long cursorEventId) {}

    /** The lag of every event after {@code after} up to {@code upTo}, in nanoseconds; the samples in time order. */
    static long[] perEvent(List<Sample> samples, long after, long upTo) {
        if (upTo <= after) {
            return new long[0];
        }
        long[] lags = new long[Math.toIntExact(upTo - after)];
        int appeared = 0;
        int exported = 0;
        for (long event = after + 1; event <= upTo; event++) {
            while (appeared < samples.size() && samples.get(appeared).lastEventId() < event) {
                appeared++;
            }
            exported = Math.max(exported, appeared);
            while (exported < samples.size() && samples.get(exported).cursorEventId() < event) {
                exported++;
            }
            if (exported == samples.size()) {
                throw new IllegalArgumentException("event %d was not exported by the last sample".formatted(event));
            }
            lags[Math.toIntExact(event - after - 1)] =
                    samples.get(exported).nanos() - samples.get(appeared).nanos();
        }
        return lags;
    }
}
