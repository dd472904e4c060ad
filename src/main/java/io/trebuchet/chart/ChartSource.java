package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The chart a release names: an archive sent with it, or a reference and exact version to fetch. */
public sealed interface ChartSource {
    /** An uploaded archive; a version given beside it must be the one in its Chart.yaml. */
    record Upload(ChartArchive archive, Optional<ChartVersion> version) implements ChartSource {
        public Upload {
            requireNonNull(archive, "archive is null");
            requireNonNull(version, "version is null");
        }
    }

    /** A chart in an OCI registry or a chart repository, at an exact version. */
    record Remote(ChartReference reference, ChartVersion version) implements ChartSource {
        public Remote {
            requireNonNull(reference, "reference is null");
            requireNonNull(version, "version is null");
        }
    }
}
