package io.trebuchet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line tools the bench needs (PostgreSQL's, pgbench, git) and fails when they do. */
final class Processes {
    private static final long TIMEOUT_MINUTES = 10;

    private Processes() {}

    /** Runs {@code command} in the current directory, appending its output to {@code log}. */
    static void run(List<String> command, Path log) {
        run(command, log, Path.of("."));
    }

    static void run(List<String> command, Path log, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        int exit = waitFor(start(builder), command);
        if (exit != 0) {
            throw new IllegalStateException("%s exited with %d; see %s".formatted(command.getFirst(), exit, log));
        }
    }

    /** Runs {@code command} and returns what it printed; fails with its output when it exits with an error. */
    static String output(List<String> command) {
        return output(command, Path.of("."));
    }

    static String output(List<String> command, Path directory) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Process process = start(builder);
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + command.getFirst(), e);
        }
        int exit = waitFor(process, command);
        if (exit != 0) {
            throw new IllegalStateException("%s exited with %d: %s".formatted(String.join(" ", command), exit, output));
        }
        return output;
    }

    /** Whether {@code program} can be started from the PATH. */
    static boolean available(String program) {
        try {
            Process process = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return waitFor(process, List.of(program)) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + builder.command().getFirst(), e);
        }
    }

    private static int waitFor(Process process, List<String> command) {
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "%s did not finish within %d minutes".formatted(command.getFirst(), TIMEOUT_MINUTES));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
