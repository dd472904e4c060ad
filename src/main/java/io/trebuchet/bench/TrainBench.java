package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.util.ArrayList;
import java.util.List;

/**
 * Release trains: every application gets a new release (deployed to dev at once), then a train moves all of them
 * into qa, one into staging, and one into the group of five production environments; repeated. Baseline: single
 * deploys through the API, one at a time, extrapolated to as many applications.
 */
final class TrainBench {
    private TrainBench() {}

    static ScenarioResult run(BenchRun run, Backend backend) {
        BenchSizes sizes = run.sizes();
        String label = BenchRun.label(backend);
        List<String> applications = Fleet.applications(sizes.trainApplications());
        List<String> environments = Fleet.names(Fleet.TEN_ENVIRONMENTS);
        int groupSize = (int) Fleet.TEN_ENVIRONMENTS.stream()
                .filter(environment -> environment.group().isPresent())
                .count();
        ScenarioResult.Builder result = new ScenarioResult.Builder(BenchScenario.TRAINS, label)
                .parameter("applications", applications.size())
                .parameter("rounds", sizes.trainRounds())
                .parameter("groupEnvironments", groupSize)
                .parameter("deploySample", sizes.deploySample());
        BenchStore store = run.newStore(backend, "trains");
        List<Double> oneEnvironment = new ArrayList<>();
        List<Double> group = new ArrayList<>();
        Load deploys;
        try (ServerProcess server = run.startServer(store, ServerProcess.Export.DEFAULT)) {
            BenchHttp http = server.http();
            Fleet.createEnvironments(http, Fleet.TEN_ENVIRONMENTS);
            run.progress("trains on %s: %d applications, warm-up round", label, applications.size());
            Fleet.releaseRound(http, applications, 1, environments, BenchSizes.FLEET_MANIFEST_BYTES, sizes.clients());
            for (String target : List.of("qa", "staging", Fleet.PRODUCTION)) {
                Fleet.train(http, target);
            }
            for (int round = 1; round <= sizes.trainRounds(); round++) {
                Fleet.releaseRound(
                        http, applications, round + 1, environments, BenchSizes.FLEET_MANIFEST_BYTES, sizes.clients());
                run.progress("trains on %s: round %d", label, round);
                oneEnvironment.add(timedTrain(http, "qa", applications.size()));
                oneEnvironment.add(timedTrain(http, "staging", applications.size()));
                group.add(timedTrain(http, Fleet.PRODUCTION, applications.size() * groupSize));
            }
            // Rolls qa back to version 1 application by application: what it costs without a train.
            deploys = Load.sequential(
                    sizes.deploySample(), index -> Fleet.deploy(http, applications.get(index), "qa", 1));
            result.peakRss(server.peakRssBytes());
        }
        double oneSeconds = median(oneEnvironment);
        double groupSeconds = median(group);
        double deploySeconds = deploys.seconds() / deploys.count();
        result.figure(
                        "oneEnvironmentSeconds",
                        "train over %d apps into one environment (median)".formatted(applications.size()),
                        oneSeconds,
                        "s")
                .figure(
                        "groupSeconds",
                        "train over %d apps into a group of %d (median)".formatted(applications.size(), groupSize),
                        groupSeconds,
                        "s")
                .figure(
                        "deploymentsPerSecond",
                        "deployments per second in a group train",
                        applications.size() * groupSize / groupSeconds,
                        "deployments/s")
                .baseline("singleDeploy", "one deploy through the API, one at a time", deploySeconds * 1000, "ms")
                .ratio(
                        "oneEnvironmentSpeedup",
                        "one-environment train speed-up over %d single deploys (higher is better)"
                                .formatted(applications.size()),
                        deploySeconds * applications.size() / oneSeconds)
                .ratio(
                        "groupSpeedup",
                        "group train speed-up over %d single deploys (higher is better)"
                                .formatted(applications.size() * groupSize),
                        deploySeconds * applications.size() * groupSize / groupSeconds);
        return result.build();
    }

    private static double timedTrain(BenchHttp http, String target, int expected) {
        long start = System.nanoTime();
        int moved = Fleet.train(http, target);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (moved != expected) {
            throw new IllegalStateException(
                    "the train into %s moved %d applications, expected %d".formatted(target, moved, expected));
        }
        return seconds;
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
