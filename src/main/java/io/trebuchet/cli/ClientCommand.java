package io.trebuchet.cli;

import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every client command: the shared options ({@code --url}, {@code --token}, {@code --output}, {@code
 * --retries}, {@code --timeout}, author), the HTTP client and the output, and one place that turns failures into exit
 * codes: 0 done, 1 refused by the server (its code and message on standard error; with {@code --output json} its
 * error response on standard output) or unreachable, 2 usage error. A new command extends this class, implements
 * {@link #run} and is listed in {@link Main}'s subcommands.
 */
abstract class ClientCommand implements Callable<Integer>, HasClientOptions {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @ArgGroup(
            validate = false,
            exclusive = false,
            order = 1000,
            heading = "%nClient options (also accepted before the command):%n")
    ClientOptions clientOptions;

    /** Does the command's work; returns its exit code (normally {@link Main#EXIT_OK}). */
    protected abstract int run(TrebuchetClient client, Output output);

    @Override
    public ClientOptions clientOptions() {
        // picocli creates a group's object only when one of its options is given.
        return clientOptions == null ? new ClientOptions() : clientOptions;
    }

    @Override
    public final Integer call() {
        CommandLine commandLine = spec.commandLine();
        Output output = new Output(commandLine.getOut(), commandLine.getErr(), OutputFormat.TABLE);
        try {
            ClientSettings settings = ClientSettings.resolve(optionsChain(), environment());
            output = new Output(commandLine.getOut(), commandLine.getErr(), settings.output());
            return run(new TrebuchetClient(settings), output);
        } catch (CommandFailure failure) {
            return report(failure, output);
        } catch (TrebuchetException e) {
            // Checked here before anything was sent, with the same codes and messages as the server; the values
            // came from the command line, so it is a usage error.
            report(refusal(e), output);
            return Main.EXIT_USAGE;
        }
    }

    /**
     * A refusal found by the client in what the server answered (an application the overview does not list), shaped
     * like the server's own error response so that {@code --output json} reads the same.
     */
    protected static CommandFailure refusal(TrebuchetException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", e.code().name());
        body.put("message", e.getMessage());
        body.put("details", e.details());
        return CommandFailure.refused(
                e.code().name(), e.getMessage(), Json.mapper().valueToTree(body));
    }

    /**
     * What a person can do about a refusal, printed after it on standard error: one line, in the command line's own
     * terms ({@link RefusalHints}); a command overrides it for its own refusals.
     */
    protected List<String> hints(CommandFailure refusal) {
        return refusal.code().flatMap(RefusalHints::hint).map(List::of).orElse(List.of());
    }

    /** A usage error found while running (a file that cannot be read, options that do not go together). */
    protected final CommandFailure usage(String message) {
        return CommandFailure.usage(message);
    }

    /** The UTF-8 text of a file the user named; a file that cannot be read is a usage error. */
    protected final String readText(Path file, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw usage("%s file %s is not UTF-8 text".formatted(what, file));
        } catch (IOException e) {
            throw usage("cannot read %s file %s (%s)"
                    .formatted(what, file, e.getClass().getSimpleName()));
        }
    }

    private int report(CommandFailure failure, Output output) {
        switch (failure.kind()) {
            case USAGE -> {
                output.error("error: " + failure.getMessage());
                output.error("Try '%s --help' for more information.".formatted(spec.qualifiedName()));
            }
            case REFUSED -> {
                if (output.isJson()) {
                    failure.body().ifPresent(output::json);
                }
                output.error("error: %s: %s".formatted(failure.code().orElseThrow(), failure.getMessage()));
                hints(failure).forEach(output::error);
            }
            case UNREACHABLE -> output.error("error: " + failure.getMessage());
        }
        return failure.exitCode();
    }

    private List<ClientOptions> optionsChain() {
        List<ClientOptions> chain = new ArrayList<>();
        for (CommandSpec command = spec; command != null; command = command.parent()) {
            if (command.userObject() instanceof HasClientOptions options) {
                chain.add(options.clientOptions());
            }
        }
        return chain;
    }

    private Map<String, String> environment() {
        return spec.root().userObject() instanceof Main main ? main.environment() : System.getenv();
    }
}
