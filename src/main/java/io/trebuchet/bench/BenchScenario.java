package io.trebuchet.bench;

import java.util.Locale;

/** The scenarios of {@code trebuchet bench}, in the order they run. */
enum BenchScenario {
    INGEST("releases posted by concurrent CI clients, against the store's raw insert rate"),
    EXPORT("a burst of events drained into the manifest repository, lag at a steady rate, against a commit and a push"
            + " per event"),
    TRAINS("a train over every application into one environment and into a group of five, against single deploys"),
    OVERVIEW("the overview API and page with every application in ten environments, against a raw SQL read"),
    GROWTH("the same operations with ten times the history (releases, events), against the store without it"),
    CLI("a command line call (trebuchet status, a JVM per call) with and without the start-up cache, against curl"),
    IMAGES("image sources polling one registry within a request budget: push to release, against the floor the"
            + " interval and the budget set, and registry requests per detected tag");

    private final String description;

    BenchScenario(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** The name on the command line and in the results. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
