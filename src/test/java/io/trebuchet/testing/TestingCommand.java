package io.trebuchet.testing;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (killed after a timeout) and returns its exit code and output. */
public final class TestingCommand {
    private TestingCommand() {}

    /** What a finished command printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
        public Result {
            requireNonNull(output, "output is null");
        }
    }

    public static Result run(Path directory, Map<String, String> environment, Duration timeout, List<String> command) {
        Path output;
        try {
            output = Files.createTempFile("trebuchet-command", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("TREBUCHET_"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("%s did not finish within %s".formatted(command, timeout));
                }
            } finally {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // The temporary directory is the system's; a file left there is harmless.
                output.toFile().deleteOnExit();
            }
        }
    }

    /** Runs {@code command} and fails the test unless it exits 0; returns its output. */
    public static String succeed(Path directory, Duration timeout, String... command) {
        Result result = run(directory, Map.of(), timeout, List.of(command));
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    "%s exited with %d:%n%s".formatted(String.join(" ", command), result.exitCode(), result.output()));
        }
        return result.output();
    }
}
