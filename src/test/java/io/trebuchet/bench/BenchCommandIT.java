package io.trebuchet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of {@code trebuchet bench}: one small scenario, scaled down, really run (a server JVM on the embedded
 * store). It checks the report has what readers and tools rely on, not the numbers.
 */
class BenchCommandIT {
    private final Path output;

    BenchCommandIT() throws IOException {
        output = Files.createTempDirectory("trebuchet-bench-it");
    }

    @AfterEach
    void deleteOutput() {
        TestingFiles.deleteRecursively(output);
    }

    @Test
    void anUnknownScenarioOrAnOutputThatIsAFileIsRefusedBeforeAnythingStarts() throws IOException {
        Path file = Files.writeString(output.resolve("not-a-directory"), "x");
        TestingCli cli = new TestingCli("http://127.0.0.1:9");

        TestingCli.Result unknown = cli.run("bench", "ingest", "nope", "--output", output.toString());
        TestingCli.Result badBackend = cli.run("bench", "--backend", "mysql", "--output", output.toString());
        TestingCli.Result fileOutput =
                cli.run("bench", "ingest", "--quick", "--backend", "embedded", "--output", file.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .startsWith("unknown scenario 'nope': the scenarios are ingest, export, trains, overview, growth, cli");
        assertThat(badBackend.exitCode()).isEqualTo(2);
        assertThat(fileOutput.exitCode()).isEqualTo(1);
        assertThat(fileOutput.err()).contains("cannot create the bench's directories under " + file);
        assertThat(output.resolve("results.json")).doesNotExist();
    }

    @Test
    void quickCliScenarioTimesCommandLineCallsBesideCurl() throws IOException {
        TestingCli.Result result = new TestingCli("http://127.0.0.1:9")
                .run("bench", "cli", "--quick", "--backend", "embedded", "--output", output.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "| cli      | embedded ",
                        "trebuchet status without the start-up cache p50",
                        "curl GET /api/v1/overview");
        JsonNode scenario = Json.mapper()
                .readTree(Files.readString(output.resolve("results.json")))
                .path("scenarios")
                .path(0);
        assertThat(scenario.path("scenario").asText()).isEqualTo("cli");
        assertThat(scenario.path("metrics")
                        .path("statusPlain.p50")
                        .path("value")
                        .asDouble())
                .isPositive();
        assertThat(scenario.path("ratios").path("cliPerCurl").path("value").asDouble())
                .isPositive();
    }

    @Test
    void quickIngestOnTheEmbeddedStoreWritesTheTableAndTheJson() throws IOException {
        TestingCli.Result result = new TestingCli("http://127.0.0.1:9")
                .run("bench", "ingest", "--quick", "--backend", "embedded", "--output", output.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "| scenario | backend  |",
                        "| ingest   | embedded ",
                        "**ratio**",
                        "peak RSS of the server",
                        "Machine:");
        assertThat(result.err()).contains(": ingest on embedded");
        JsonNode json = Json.mapper().readTree(Files.readString(output.resolve("results.json")));
        assertThat(json.path("quick").asBoolean()).isTrue();
        assertThat(json.path("machine").path("cpus").asInt()).isPositive();
        assertThat(json.path("machine").path("cpuModel").asText()).isNotBlank();
        assertThat(json.path("machine").path("memoryBytes").asLong()).isPositive();
        JsonNode scenario = json.path("scenarios").path(0);
        assertThat(json.path("scenarios")).hasSize(1);
        assertThat(scenario.path("scenario").asText()).isEqualTo("ingest");
        assertThat(scenario.path("backend").asText()).isEqualTo("embedded");
        assertThat(scenario.path("metrics").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("throughput", "latency.p50", "latency.p99");
        assertThat(scenario.path("metrics").path("throughput").path("unit").asText())
                .isEqualTo("releases/s");
        assertThat(scenario.path("metrics").path("throughput").path("value").asDouble())
                .isPositive();
        assertThat(scenario.path("baselines").path("rawInserts").path("value").asDouble())
                .isPositive();
        assertThat(scenario.path("ratios")
                        .path("ingestPerRawInsert")
                        .path("value")
                        .asDouble())
                .isPositive();
        assertThat(scenario.path("peakRssBytes").asLong()).isPositive();
        assertThat(scenario.path("parameters").path("clients").asInt()).isEqualTo(16);
        try (var files = Files.list(output)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.matches("results-\\d{8}-\\d{6}\\.json"));
        }
        assertThat(output.resolve("logs")).isDirectory();
    }

    @Test
    void chartJvmRunsTheScenarioAgainWithTheChartsSettingsAndComparesIt() throws IOException {
        TestingCli.Result result = new TestingCli("http://127.0.0.1:9")
                .run(
                        "bench",
                        "ingest",
                        "--quick",
                        "--backend",
                        "embedded",
                        "--chart-jvm",
                        "--output",
                        output.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains(
                        "| scenario | backend  | jvm     |",
                        "| ingest   | embedded | chart   |",
                        "chart JVM / default JVM");
        assertThat(result.err()).contains("ingest on embedded (chart JVM)");
        JsonNode json = Json.mapper().readTree(Files.readString(output.resolve("results.json")));
        JsonNode scenarios = json.path("scenarios");
        assertThat(scenarios).hasSize(2);
        assertThat(scenarios.path(0).path("jvm").asText()).isEqualTo("default");
        assertThat(scenarios.path(1).path("jvm").asText()).isEqualTo("chart");
        assertThat(scenarios
                        .path(1)
                        .path("ratios")
                        .path("throughputPerDefaultJvm")
                        .path("value")
                        .asDouble())
                .isPositive();
        assertThat(scenarios.path(1).path("peakRssBytes").asLong()).isPositive();
        assertThat(json.path("environment").path("chartJavaOptions").toString()).contains("-XX:MaxRAM=768m");
    }
}
