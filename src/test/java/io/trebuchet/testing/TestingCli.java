package io.trebuchet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.cli.Main;
import io.trebuchet.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code trebuchet} command line in this JVM through {@link Main#run}, against a given server: {@code
 * TREBUCHET_URL} is set for it in the environment the command sees (nothing else of the real environment leaks in).
 */
public final class TestingCli {
    private final Map<String, String> environment;

    public TestingCli(String url) {
        this(Map.of("TREBUCHET_URL", url));
    }

    private TestingCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The same, with more environment variables. */
    public TestingCli withEnvironment(String name, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(name, value);
        return new TestingCli(more);
    }

    public Result run(String... args) {
        return run(List.of(args));
    }

    public Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), environment);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What a command line did: its exit code and what it printed. */
    public record Result(int exitCode, String out, String err) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (JsonProcessingException e) {
                throw new AssertionError("standard output is not JSON (exit " + exitCode + "): " + out + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit %d%nout:%n%s%nerr:%n%s".formatted(exitCode, out, err);
        }
    }
}
