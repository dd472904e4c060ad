package io.trebuchet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the walkthrough in {@code examples/README.md}: every command of its {@code console} blocks, in order, against a
 * fresh server, and compares what each prints with the lines shown after it. {@code echo $?} prints the exit code of
 * the command before it; every other command must succeed. On a difference, the README as it should read is written
 * to {@code target/examples-README.md}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ExamplesReadmeIT {
    private static final Path README = Path.of("examples", "README.md");
    private static final String FENCE = "```";

    @Parameter
    Backend backend;

    @Test
    void theWalkthroughDoesWhatItSays(TestingDatabases databases) throws IOException {
        String readme = Files.readString(README);
        StringBuilder actual = new StringBuilder();
        int commands = 0;
        try (TestingServer server = TestingServer.start(backend, databases)) {
            TestingCli cli = new TestingCli(server.baseUrl());
            List<String> lines = readme.lines().toList();
            boolean console = false;
            int lastExitCode = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!console) {
                    actual.append(line).append('\n');
                    console = line.equals(FENCE + "console");
                    continue;
                }
                if (line.equals(FENCE)) {
                    actual.append(line).append('\n');
                    console = false;
                    continue;
                }
                assertThat(line)
                        .as("line %d of %s: a console block holds commands and their output", i + 1, README)
                        .startsWith("$ ");
                StringBuilder command = new StringBuilder(line.substring(2));
                actual.append(line).append('\n');
                while (command.toString().endsWith("\\")) {
                    command.setLength(command.length() - 1);
                    String next = lines.get(++i);
                    actual.append(next).append('\n');
                    command.append(' ').append(next.strip());
                }
                while (i + 1 < lines.size()
                        && !lines.get(i + 1).startsWith("$ ")
                        && !lines.get(i + 1).equals(FENCE)) {
                    i++; // the expected output, replaced by the actual one
                }
                boolean checkedByEcho = i + 1 < lines.size() && lines.get(i + 1).equals("$ echo $?");
                String text = command.toString().strip();
                if (text.equals("echo $?")) {
                    actual.append(lastExitCode).append('\n');
                    continue;
                }
                List<String> words = words(text);
                assertThat(words.getFirst())
                        .as("commands in %s run trebuchet: %s", README, text)
                        .isIn("./trebuchet", "trebuchet");
                Result result = cli.run(words.subList(1, words.size()));
                commands++;
                lastExitCode = result.exitCode();
                if (!checkedByEcho) {
                    assertThat(result.exitCode()).as("%s%n%s", text, result).isZero();
                }
                actual.append(result.out()).append(result.err());
            }
        }
        if (!actual.toString().equals(readme)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "examples-README.md"), actual);
        }
        assertThat(commands).isGreaterThan(15);
        assertThat(actual.toString())
                .as("%s with the real outputs (written to target/examples-README.md)", README)
                .isEqualTo(readme);
    }

    /** Splits a command line into words as a shell does for plain words, "double" and 'single' quotes. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        assertThat(quote).as("unbalanced quote in: %s", command).isEqualTo((char) 0);
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
