package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import io.trebuchet.bench.BenchCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The entry point of the jar and of {@code ./trebuchet}. */
@Command(
        name = "trebuchet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "GitOps release orchestrator for Kubernetes.",
            "",
            "'serve' runs the server and 'bench' measures it; every other command is a client of its API. The client"
                    + " options may also be given before the command, as Kuberpult's client takes them.",
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 refused by the server (its error code and message are printed) or server"
                    + " unreachable, 2 usage error.",
            "",
            "Kuberpult's client commands are accepted too, with their flags: release, release-train,"
                    + " create-env-lock, create-app-lock, create-team-lock, create-group-lock and the matching"
                    + " delete-*-lock, delete-environment, get-commit-deployments and get-deployment-commit; single-dash"
                    + " flags (-application) as Go writes them.",
            "",
            "Examples:",
            "  trebuchet serve                                   # the server, on http://localhost:8080",
            "  trebuchet release --application cart --environment dev --manifest dev.yaml",
            "  trebuchet lock --environment staging --lock-id qa --message 'QA tests 1.4'",
            "  trebuchet train --group production --prognosis",
            "  trebuchet status",
            "  trebuchet --url https://trebuchet.example.com --output json events --limit 20",
            "  trebuchet apply -f platform/",
            "  trebuchet login                                   # sign in; later commands send the kept token",
            "  trebuchet bench --quick                           # the performance figures, scaled down"
        })
public final class Main implements HasClientOptions {
    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_USAGE = 2;

    /**
     * Every subcommand, in the order the help lists them. A command line that names one gets only that one (see {@link
     * #commandLine(Map, String[])}): picocli reads the annotations of every command it is given, which is most of what
     * a client call costs before it sends its request.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            ServeCommand.class,
            ImportKuberpultCommand.class,
            ReleaseCommand.class,
            DeployCommand.class,
            UndeployCommand.class,
            LockCommand.class,
            UnlockCommand.class,
            LocksCommand.class,
            TrainCommand.class,
            EnvCommand.class,
            StatusCommand.class,
            EventsCommand.class,
            CommitStatusCommand.class,
            ExportStatusCommand.class,
            ImageSourcesCommand.class,
            ChartSubscriptionsCommand.class,
            RerenderCommand.class,
            ApplyCommand.class,
            DiffCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            TokenCommand.class,
            CompletionCommand.class,
            KuberpultLockCommands.CreateEnvironmentLock.class,
            KuberpultLockCommands.CreateApplicationLock.class,
            KuberpultLockCommands.CreateTeamLock.class,
            KuberpultLockCommands.CreateGroupLock.class,
            KuberpultLockCommands.DeleteEnvironmentLock.class,
            KuberpultLockCommands.DeleteApplicationLock.class,
            KuberpultLockCommands.DeleteTeamLock.class,
            KuberpultLockCommands.DeleteGroupLock.class,
            KuberpultClientCommands.DeleteEnvironment.class,
            KuberpultClientCommands.GetCommitDeployments.class,
            KuberpultClientCommands.GetDeploymentCommit.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that describe the others, and so need the whole tree. */
    private static final Set<String> ABOUT_OTHERS = Set.of("help", "completion");

    private final Map<String, String> environment;

    @ArgGroup(validate = false, exclusive = false, heading = "%nClient options (also accepted after the command):%n")
    ClientOptions clientOptions;

    private Main(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    public static void main(String[] args) {
        // picocli looks up converters for java.sql and java.time types, which no option here has, at every start.
        System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        // serve returns only once a shutdown hook has stopped the server; exiting then is harmless.
        System.exit(run(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
    }

    /** Runs one command line with the given output streams and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, reading {@code TREBUCHET_*} from {@code environment}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        // Go-style single-dash flags: first the root's, to find the command, then the command's own. The root read
        // for that is the root the command is added to: picocli reads a command's annotations once per instance.
        CommandLine root = new CommandLine(new Main(environment));
        String[] rootNormalized = GoFlags.normalize(root, args);
        CommandLine commandLine = commandLine(root, environment, rootNormalized);
        int exitCode = commandLine.setOut(out).setErr(err).execute(GoFlags.normalize(commandLine, rootNormalized));
        out.flush();
        err.flush();
        return exitCode;
    }

    /** The whole command tree, configured as {@link #run} uses it. */
    static CommandLine commandLine(Map<String, String> environment) {
        return configure(addSubcommands(new CommandLine(new Main(environment)), SUBCOMMANDS), environment);
    }

    /**
     * The command tree {@code args} need: the root and the one subcommand they name, or, when they name none, an
     * unknown one, or one that describes the others ({@code help}, {@code completion}), the whole tree.
     */
    static CommandLine commandLine(Map<String, String> environment, String[] args) {
        return commandLine(new CommandLine(new Main(environment)), environment, args);
    }

    private static CommandLine commandLine(CommandLine root, Map<String, String> environment, String[] args) {
        List<Class<?>> subcommands = commandName(root.getCommandSpec(), args)
                .filter(name -> !ABOUT_OTHERS.contains(name))
                .flatMap(Main::subcommand)
                .<List<Class<?>>>map(List::of)
                .orElse(SUBCOMMANDS);
        return configure(addSubcommands(root, subcommands), environment);
    }

    /** The first word of {@code args} that is neither an option of the root command nor an option's value. */
    private static Optional<String> commandName(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                return Optional.of(arg);
            }
            OptionSpec option = root.findOption(arg);
            if (option != null && option.arity().max() > 0) {
                i++; // its value; --url=U and -oU carry theirs and are no option's name
            }
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> subcommand(String name) {
        for (Class<?> type : SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static CommandLine addSubcommands(CommandLine root, List<Class<?>> subcommands) {
        subcommands.forEach(root::addSubcommand);
        return root;
    }

    private static CommandLine configure(CommandLine root, Map<String, String> environment) {
        HelpLayout.apply(root, HelpLayout.width(environment));
        CommandLine commandLine = root.setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(error -> error instanceof ParameterException ? EXIT_USAGE : EXIT_REFUSED);
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            command.getErr().println("error: " + error.getMessage());
            return EXIT_REFUSED;
        });
        return commandLine;
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    public ClientOptions clientOptions() {
        return clientOptions == null ? new ClientOptions() : clientOptions;
    }
}
