package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** The help text reads well: named placeholders, and wrapping at any terminal width that never splits a word. */
class HelpTextTest {
    // APP, ENV, DIR, KEY=VALUE, fail|record|ignore: what the value is, never a Java field name.
    private static final Pattern PLACEHOLDER =
            Pattern.compile("[A-Z][A-Z0-9_]*(=[A-Z][A-Z0-9_]*)?|[a-z0-9-]+(\\|[a-z0-9-]+)+");

    @Test
    void everyPlaceholderSaysWhatItHolds() {
        List<String> wrong = new ArrayList<>();
        for (CommandLine command : commands(Main.commandLine(Map.of()))) {
            List<ArgSpec> arguments = new ArrayList<>(command.getCommandSpec().options());
            arguments.addAll(command.getCommandSpec().positionalParameters());
            for (ArgSpec argument : arguments) {
                if (argument.arity().max() == 0 || argument.hidden()) {
                    continue;
                }
                String label = argument.paramLabel();
                if (!PLACEHOLDER.matcher(label).matches()) {
                    wrong.add(command.getCommandSpec().qualifiedName() + " " + describe(argument) + ": " + label);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 100})
    void helpWrapsAtTheTerminalWidthWithoutSplittingAWord(int width) {
        List<CommandLine> wide = commands(Main.commandLine(Map.of("COLUMNS", "120")));
        List<CommandLine> narrow = commands(Main.commandLine(Map.of("COLUMNS", String.valueOf(width))));

        for (int i = 0; i < wide.size(); i++) {
            String name = wide.get(i).getCommandSpec().qualifiedName();
            String wideHelp = wide.get(i).getUsageMessage();
            String narrowHelp = narrow.get(i).getUsageMessage();

            Set<String> words = new HashSet<>(Arrays.asList(narrowHelp.split("\\s+")));
            assertThat(Arrays.stream(wideHelp.split("\\s+")).filter(word -> !words.contains(word)))
                    .as("words split in the help of %s at width %d", name, width)
                    .isEmpty();
            // Only a word longer than the line may stick out, whole.
            assertThat(narrowHelp
                            .lines()
                            .filter(line -> line.length() > width)
                            .filter(line ->
                                    line.strip().replaceFirst(" \\\\$", "").contains(" ")))
                    .as("lines of the help of %s wider than %d", name, width)
                    .isEmpty();
        }
    }

    @Test
    void aLongExampleKeepsItsCommentAboveAndContinuesWithABackslash() {
        String help = """
                Examples:
                  trebuchet serve --bind 0.0.0.0 --allowed-host trebuchet.example.com   # reached by that name
                  trebuchet lock --environment staging --lock-id qa --message 'QA tests 1.4' --expires-in 8h""";

        assertThat(HelpLayout.wrap(help, 60)).isEqualTo("""
                Examples:
                  # reached by that name
                  trebuchet serve --bind 0.0.0.0 --allowed-host \\
                      trebuchet.example.com
                  trebuchet lock --environment staging --lock-id qa \\
                      --message 'QA tests 1.4' --expires-in 8h""");
    }

    @Test
    void optionDescriptionsContinueUnderTheirColumn() {
        String help =
                "      --url=URL             Trebuchet server (env TREBUCHET_URL, default http://localhost:8080).";

        // The closing quotes set the indentation: the first line keeps its six spaces.
        assertThat(HelpLayout.wrap(help, 60) + "\n").isEqualTo("""
                      --url=URL             Trebuchet server (env
                                              TREBUCHET_URL, default
                                              http://localhost:8080).
                """);
    }

    private static String describe(ArgSpec argument) {
        return argument instanceof CommandLine.Model.OptionSpec option ? option.longestName() : "parameter";
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().forEach((name, subcommand) -> {
            if (subcommand.getCommandSpec().name().equals(name)) {
                collect(subcommand, all);
            }
        });
    }
}
