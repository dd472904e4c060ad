package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How big the scenarios are: the full sizes of the issue, or {@code --quick} ones for a smoke check that runs every
 * scenario in under two minutes on two cores.
 *
 * @param clients concurrent HTTP clients for loads (and for the raw insert baseline)
 * @param ingestReleases releases the ingest scenario times, after {@code ingestWarmup} untimed ones
 * @param insertBaseline how long the raw insert baseline runs
 * @param steadyRate events per second of the export's steady phase, for {@code steadyDuration}
 * @param gitSample events committed and pushed one by one for the export's baseline
 * @param deploySample single deploys for the trains' baseline
 * @param overviewReleases releases per application in the overview's fleet
 * @param reads timed reads of each page or API in the overview and growth scenarios
 * @param historyFactor how many times the overview's history the growth scenario's store holds
 */
record BenchSizes(
        boolean quick,
        int clients,
        int ingestApplications,
        int ingestWarmup,
        int ingestReleases,
        Duration insertBaseline,
        int exportApplications,
        int steadyRate,
        Duration steadyDuration,
        int gitSample,
        int trainApplications,
        int trainRounds,
        int deploySample,
        int overviewApplications,
        int overviewReleases,
        int reads,
        int historyFactor) {
    /** Manifest size of the ingest scenario's releases (three environments). */
    static final int INGEST_MANIFEST_BYTES = 2048;

    /** Manifest size of the ten-environment fleets. */
    static final int FLEET_MANIFEST_BYTES = 600;

    BenchSizes {
        requireNonNull(insertBaseline, "insertBaseline is null");
        requireNonNull(steadyDuration, "steadyDuration is null");
    }

    static BenchSizes fullSize() {
        return new BenchSizes(
                false,
                16, // clients
                1000, // ingest: applications
                500, // warm-up releases
                5000, // timed releases
                Duration.ofSeconds(10), // raw insert baseline
                1000, // export: applications (a burst of 11 events each)
                200, // steady events per second
                Duration.ofSeconds(20), // steady phase
                100, // git baseline sample
                1000, // trains: applications
                2, // rounds
                100, // single deploys for the baseline
                1000, // overview: applications
                20, // releases each
                40, // timed reads
                10); // growth: history factor
    }

    static BenchSizes quickSize() {
        return new BenchSizes(
                true,
                16,
                30,
                30,
                150,
                Duration.ofSeconds(1),
                30,
                200,
                Duration.ofSeconds(2),
                10,
                30,
                1,
                10,
                30,
                3,
                5,
                10);
    }

    Map<String, Object> describe() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("clients", clients);
        sizes.put("ingestApplications", ingestApplications);
        sizes.put("ingestReleases", ingestReleases);
        sizes.put("insertBaselineSeconds", insertBaseline.toSeconds());
        sizes.put("exportApplications", exportApplications);
        sizes.put("steadyRate", steadyRate);
        sizes.put("steadySeconds", steadyDuration.toSeconds());
        sizes.put("gitSample", gitSample);
        sizes.put("trainApplications", trainApplications);
        sizes.put("trainRounds", trainRounds);
        sizes.put("overviewApplications", overviewApplications);
        sizes.put("overviewReleases", overviewReleases);
        sizes.put("historyFactor", historyFactor);
        return sizes;
    }
}
