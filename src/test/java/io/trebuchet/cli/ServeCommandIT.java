package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingSocket;
import io.trebuchet.testing.TestingSocket.Answer;
import io.trebuchet.testing.TestingWait;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trebuchet serve}: the host names it answers to, and its warning when it listens beyond this machine. */
class ServeCommandIT {
    private static final Pattern LISTENING =
            Pattern.compile("Trebuchet \\S+ .*listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path data;

    @Test
    void aBindOtherMachinesMayReachIsRefusedWithoutAuthentication() {
        Result result = new TestingCli("http://127.0.0.1:9")
                .run(
                        "serve",
                        "--bind",
                        "192.0.2.1",
                        "--port",
                        "0",
                        "--data-dir",
                        data.toString(),
                        "--postgres-runtime-dir",
                        TestingDatabases.runtimeDirectory().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.err())
                .as(result.toString())
                .contains("refusing to start: Trebuchet listens on 192.0.2.1")
                .contains("anyone who can reach this address can deploy")
                .contains("--insecure-no-auth");
    }

    @Test
    void insecureNoAuthIsAWarningShoutedBeforeListening() {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes, then the server cannot listen.
        Result result = new TestingCli("http://127.0.0.1:9")
                .run(
                        "serve",
                        "--bind",
                        "192.0.2.1",
                        "--insecure-no-auth",
                        "--port",
                        "0",
                        "--data-dir",
                        data.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Main.EXIT_REFUSED);
        assertThat(result.err())
                .as(result.toString())
                .startsWith("WARNING: INSECURE (--insecure-no-auth): Trebuchet listens on 192.0.2.1")
                .contains("anyone who can reach this address can deploy");
    }

    @Test
    void allowedHostsAreRepeatableCommaSeparatedAndChecked() {
        CommandLine.ParseResult parsed = Main.commandLine(Map.of())
                .parseArgs("serve", "--allowed-host", "a.example.com", "--allowed-host", "b.example.com,*.apps.test");
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();

        assertThat(serve.allowedHosts).containsExactly("a.example.com", "b.example.com", "*.apps.test");

        Result malformed = new TestingCli("http://127.0.0.1:9")
                .run("serve", "--allowed-host", "https://trebuchet.example.com", "--data-dir", data.toString());
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(malformed.err()).contains("without scheme, port or path");
    }

    @Test
    void registryBudgetsAreRepeatableSemicolonSeparatedAndChecked() {
        CommandLine.ParseResult parsed = Main.commandLine(Map.of())
                .parseArgs(
                        "serve", "--registry-budget", "ghcr.io=5,burst=10", "--registry-budget", "*=0.5;docker.io=2");
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();

        assertThat(serve.registryBudgets).containsExactly("ghcr.io=5,burst=10", "*=0.5", "docker.io=2");

        Result malformed = new TestingCli("http://127.0.0.1:9")
                .run("serve", "--registry-budget", "ghcr.io=fast", "--data-dir", data.toString());
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(Main.EXIT_USAGE);
        assertThat(malformed.err())
                .contains("--registry-budget: 'ghcr.io=fast' the rate 'fast' is not a number of requests a second");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void theServerAnswersTheNamesOfTrebuchetAllowedHosts() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--bind",
                        "127.0.0.1",
                        "--data-dir",
                        data.toString(),
                        "--postgres-runtime-dir",
                        TestingDatabases.runtimeDirectory().toString()))
                .redirectErrorStream(true);
        builder.environment().put("TREBUCHET_ALLOWED_HOSTS", "trebuchet.test,*.apps.test");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> copy(process, output));
        try {
            String port = TestingWait.until(
                            "the server to listen",
                            Duration.ofMinutes(2),
                            () -> LISTENING.matcher(String.join("\n", output)),
                            Matcher::find)
                    .group(1);
            String base = "http://127.0.0.1:" + port;

            assertThat(health(base, "trebuchet.test:" + port).status()).isEqualTo(200);
            assertThat(health(base, "ui.apps.test:" + port).status()).isEqualTo(200);
            Answer refused = health(base, "other.test:" + port);
            assertThat(refused.status()).isEqualTo(421);
            assertThat(refused.json().path("message").asText()).contains("--allowed-host other.test");
            assertThat(String.join("\n", output))
                    .contains("Also answering to the host names [trebuchet.test, *.apps.test]")
                    .doesNotContain("WARN");
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(Duration.ofSeconds(10));
        }
    }

    private static Answer health(String base, String host) {
        return TestingSocket.exchange(base, "GET /api/v1/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    private static void copy(Process process, List<String> output) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
