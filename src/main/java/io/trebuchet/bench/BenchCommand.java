package io.trebuchet.bench;

import io.trebuchet.store.StoreSettings.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trebuchet bench}: runs the benchmark scenarios and prints their figures and ratios. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure Trebuchet's performance against baselines measured in the same run: a table on stdout and JSON"
                    + " under --output. Starts what it needs itself: servers (child JVMs), the embedded store, a"
                    + " PostgreSQL cluster from the machine's binaries, bare git repositories.",
            "",
            "Scenarios (all when none is given): ingest, export, trains, overview, growth and cli.",
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet bench                                # every scenario, full size (up to 15 minutes)",
            "  trebuchet bench --quick                        # every scenario scaled down (under 2 minutes)",
            "  trebuchet bench ingest export --backend embedded  # two scenarios on the embedded store only",
            "  trebuchet bench overview --server-java-option=-XX:StartFlightRecording=filename=server.jfr"
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..*",
            paramLabel = "SCENARIO",
            description = "ingest, export, trains, overview, growth, cli (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--quick", description = "Scale every scenario down for a smoke check.")
    boolean quick;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "target/bench",
            description = "Directory for results.json and the servers' logs (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--backend",
            split = ",",
            paramLabel = "BACKEND",
            description = "Stores to measure: embedded, postgresql (default both).")
    List<Backend> backends = new ArrayList<>();

    @Option(
            names = "--postgres-bin",
            paramLabel = "DIR",
            description = "PostgreSQL's bin directory (initdb, pg_ctl, pgbench); default: the newest"
                    + " /usr/lib/postgresql/*/bin, else the PATH.")
    Path postgresBinaries;

    @Option(
            names = "--server-java-option",
            paramLabel = "OPTION",
            description = "A JVM option for the servers the bench starts (repeatable), e.g. -Xmx1g or a JFR recording.")
    List<String> serverJavaOptions = new ArrayList<>();

    @Option(
            names = "--chart-jvm",
            description = "Run every scenario a second time with the Helm chart's JVM settings (its javaToolOptions in"
                    + " its 768 MiB memory limit) and compare it with the first run (column jvm).")
    boolean chartJvm;

    /** The scenarios named on the command line; an unknown name is a usage error that lists the known ones. */
    private Set<BenchScenario> selected() {
        if (scenarios.isEmpty()) {
            return EnumSet.allOf(BenchScenario.class);
        }
        Set<BenchScenario> selected = EnumSet.noneOf(BenchScenario.class);
        for (String name : scenarios) {
            selected.add(Arrays.stream(BenchScenario.values())
                    .filter(scenario -> scenario.label().equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "unknown scenario '%s': the scenarios are %s"
                                    .formatted(
                                            name,
                                            Arrays.stream(BenchScenario.values())
                                                    .map(BenchScenario::label)
                                                    .collect(Collectors.joining(", "))))));
        }
        return selected;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<BenchScenario> selected = selected();
        Set<Backend> stores = backends.isEmpty() ? EnumSet.allOf(Backend.class) : EnumSet.copyOf(backends);
        BenchSizes sizes = quick ? BenchSizes.quickSize() : BenchSizes.fullSize();
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Machine machine = Machine.current();
        List<ScenarioResult> results = new ArrayList<>();
        Map<String, Object> environment = new LinkedHashMap<>();
        try (BenchRun run =
                new BenchRun(sizes, output, serverJavaOptions, Optional.ofNullable(postgresBinaries), err)) {
            for (BenchScenario scenario : selected) {
                for (Backend backend : stores) {
                    Optional<ScenarioResult> unconstrained = Optional.empty();
                    for (BenchJvm jvm :
                            chartJvm ? List.of(BenchJvm.DEFAULT, BenchJvm.CHART) : List.of(BenchJvm.DEFAULT)) {
                        run.useJvm(jvm);
                        run.progress(
                                "%s on %s (%s JVM): %s",
                                scenario.label(), BenchRun.label(backend), jvm.label(), scenario.description());
                        ScenarioResult result = switch (scenario) {
                            case INGEST -> IngestBench.run(run, backend);
                            case EXPORT -> ExportBench.run(run, backend);
                            case TRAINS -> TrainBench.run(run, backend);
                            case OVERVIEW -> OverviewBench.run(run, backend);
                            case GROWTH -> GrowthBench.run(run, backend);
                            case CLI -> CliBench.run(run, backend);
                            case IMAGES -> ImagesBench.run(run, backend);
                        };
                        if (unconstrained.isPresent()) {
                            result = result.measuredWith(jvm, unconstrained.get());
                        } else {
                            unconstrained = Optional.of(result);
                        }
                        results.add(result);
                        run.progress(
                                "%s on %s (%s JVM) done in %.0f s",
                                scenario.label(),
                                BenchRun.label(backend),
                                jvm.label(),
                                result.elapsed().toMillis() / 1000.0);
                    }
                }
            }
            run.postgresVersion().ifPresent(version -> environment.put("postgresql", version));
            environment.put(
                    "git",
                    Processes.available("git")
                            ? Processes.output(List.of("git", "--version")).trim()
                            : "missing");
            environment.put("serverJavaOptions", serverJavaOptions);
            if (chartJvm) {
                environment.put("chartJavaOptions", BenchJvm.CHART_OPTIONS);
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Path json = BenchReport.write(
                output,
                started,
                BenchReport.json(started, seconds, quick, machine, environment, sizes.describe(), results));
        out.println();
        out.print(BenchReport.table(results));
        out.println();
        out.printf(
                "Machine: %d CPUs (%s), %.1f GiB memory, load average %s at the start; %s%n",
                machine.cpus(),
                machine.cpuModel(),
                machine.memoryBytes() / 1073741824.0,
                machine.loadAverage(),
                machine.java());
        out.printf("%s run in %.0f s; results in %s%n", quick ? "Quick" : "Full", seconds, json);
        out.flush();
        return 0;
    }
}
