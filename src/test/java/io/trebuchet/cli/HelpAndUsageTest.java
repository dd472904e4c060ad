package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Help, version, completion and usage errors: nothing here reaches a server. */
class HelpAndUsageTest {
    // Nothing listens there: a command that tried to reach the server would fail with exit 1, not 0 or 2.
    private final TestingCli cli = new TestingCli("http://127.0.0.1:9");

    /** Every command and subcommand, as the words that name it: [release], [env, list], ... */
    static Stream<List<String>> commands() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(Map.of()), new ArrayList<>(), commands);
        return commands.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> commands) {
        command.getSubcommands().forEach((name, subcommand) -> {
            if (subcommand.getCommandSpec().name().equals(name)) {
                List<String> words = new ArrayList<>(path);
                words.add(name);
                commands.add(words);
                collect(subcommand, words, commands);
            }
        });
    }

    @Test
    void everyClientCommandOfTheIssueExists() {
        assertThat(commands().map(words -> String.join(" ", words)))
                .contains(
                        "serve",
                        "release",
                        "deploy",
                        "undeploy",
                        "lock",
                        "unlock",
                        "locks",
                        "train",
                        "env",
                        "env list",
                        "env get",
                        "env apply",
                        "env delete",
                        "status",
                        "events",
                        "commit-status",
                        "export-status",
                        "rerender",
                        "apply",
                        "diff",
                        "completion",
                        "help");
    }

    @Test
    void kuberpultsClientCommandsAreAcceptedButNotListed() {
        List<String> kuberpult = List.of(
                "create-env-lock",
                "create-app-lock",
                "create-team-lock",
                "create-group-lock",
                "delete-env-lock",
                "delete-app-lock",
                "delete-team-lock",
                "delete-group-lock",
                "delete-environment",
                "get-commit-deployments",
                "get-deployment-commit");
        CommandLine root = Main.commandLine(Map.of());

        assertThat(commands().map(words -> String.join(" ", words))).containsAll(kuberpult);
        assertThat(root.getSubcommands().get("release-train").getCommandName()).isEqualTo("train");
        kuberpult.forEach(name -> assertThat(root.getSubcommands()
                        .get(name)
                        .getCommandSpec()
                        .usageMessage()
                        .hidden())
                .as(name)
                .isTrue());
        assertThat(cli.run("--help").out())
                .doesNotContain("create-env-lock  ")
                .contains("Kuberpult's client commands are accepted too");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpWithExamples(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        Result help = cli.run(args);

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: trebuchet " + String.join(" ", command));
        if (!command.equals(List.of("help"))) {
            // picocli's own help command is the one without examples.
            assertThat(help.out()).startsWith("Usage: trebuchet ").contains("Examples:");
        }
        assertThat(help.err()).isEmpty();
    }

    @Test
    void theRootCommandListsTheCommandsAndTheExitCodes() {
        Result help = cli.run("--help");
        Result nothing = cli.run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains(
                        "commit-status", "Client options (also accepted after the command):", "Exit codes: 0 done, 1");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("Missing required subcommand");
    }

    @Test
    void aCommandLineThatNamesOneCommandBuildsOnlyThatOne() {
        CommandLine status =
                Main.commandLine(Map.of(), new String[] {"--url", "http://127.0.0.1:9", "-o", "json", "status"});
        CommandLine train = Main.commandLine(Map.of(), new String[] {"release-train", "--group", "production"});
        CommandLine help = Main.commandLine(Map.of(), new String[] {"help", "deploy"});
        CommandLine unknown = Main.commandLine(Map.of(), new String[] {"--timeout", "5s", "explode"});

        assertThat(status.getSubcommands()).containsOnlyKeys("status");
        assertThat(train.getSubcommands()).containsKey("release-train").doesNotContainKey("serve");
        assertThat(help.getSubcommands()).containsKeys("serve", "deploy", "status", "help");
        assertThat(unknown.getSubcommands()).containsKeys("serve", "deploy", "status", "help");
    }

    @Test
    void versionAndHelpSubcommand() {
        Result version = cli.run("--version");
        Result help = cli.run("help", "deploy");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("trebuchet ");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: trebuchet deploy");
    }

    @Test
    void completionCoversEveryCommandAndOption() {
        Result completion = cli.run("completion");

        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out())
                .contains(
                        "complete -F _complete_trebuchet", "commit-status", "--all-environments", "--source_commit_id")
                .contains("function _picocli_trebuchet_env_apply");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result unknownCommand = cli.run("explode");
        Result unknownOption = cli.run("status", "--colour");
        Result badOutput = cli.run("status", "--output", "yaml");
        Result badTimeout = cli.run("--timeout", "soon", "status");
        Result badRetries = cli.run("status", "--retries", "many");
        Result badUrl = cli.run("status", "--url", "localhost");

        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(unknownCommand.err()).contains("Unmatched argument at index 0: 'explode'");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--colour'");
        assertThat(badOutput.exitCode()).isEqualTo(2);
        assertThat(badOutput.err()).isEqualTo("""
                        error: --output must be table or json, got 'yaml'
                        Try 'trebuchet status --help' for more information.
                        """);
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badRetries.exitCode()).isEqualTo(2);
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).startsWith("error: --url must be an http(s) URL such as http://localhost:8080");
    }

    @Test
    void lockAndTrainUsageErrorsAreFoundBeforeAnythingIsSent() {
        Result lockWithoutId = cli.run("lock", "-e", "dev", "-m", "m");
        Result lockWithoutPlace = cli.run("lock", "-l", "qa", "-m", "m");
        Result lockGroupAndTeam = cli.run("lock", "-g", "production", "-t", "payments", "-l", "qa", "-m", "m");
        Result scheduleWithoutWindow = cli.run("lock", "-e", "dev", "-l", "qa", "-m", "m", "--schedule", "0 22 * * *");
        Result unlockWithoutPlace = cli.run("unlock", "-l", "qa");
        Result badKind = cli.run("locks", "--kind", "cluster");
        Result trainWithoutTarget = cli.run("train", "--prognosis");
        Result badBehavior = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--lock-behavior", "force");

        for (Result result : List.of(
                lockWithoutId,
                lockWithoutPlace,
                lockGroupAndTeam,
                scheduleWithoutWindow,
                unlockWithoutPlace,
                badKind,
                trainWithoutTarget,
                badBehavior)) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
        }
        assertThat(lockWithoutId.err()).startsWith("Missing required option: '--lock-id=ID'");
        assertThat(lockGroupAndTeam.err())
                .startsWith("error: --group locks every environment of the group: it does not go with");
        assertThat(scheduleWithoutWindow.err()).startsWith("error: --schedule and --window go together");
        assertThat(badKind.err()).startsWith("Invalid value for option '--kind'");
    }
}
