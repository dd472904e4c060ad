package io.trebuchet.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of the jar and of {@code ./trebuchet}. */
@Command(
        name = "trebuchet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GitOps release orchestrator for Kubernetes.",
        subcommands = {ServeCommand.class, ImportKuberpultCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'trebuchet serve' to start the server on http://localhost:8080."})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        // serve returns only once a shutdown hook has stopped the server; exiting then is harmless.
        System.exit(run(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /** Runs one command line with the given output streams and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(error -> EXIT_REFUSED);
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            command.getErr().println("error: " + error.getMessage());
            return EXIT_REFUSED;
        });
        return commandLine.execute(args);
    }
}
