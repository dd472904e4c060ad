package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.train.SkipCause;
import io.trebuchet.train.TrainPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet train}: run a release train into an environment or a group, or show its prognosis. */
@Command(
        name = "train",
        aliases = "release-train",
        description = {
            "Run a release train: move every eligible application of an environment (or of each environment of a"
                    + " group) to the version its upstream runs, or, for an environment that follows latest, to its"
                    + " newest release. With --prognosis, show what it would do and change nothing.",
            "Prints per environment and application what was deployed, queued (a lock or freeze window stopped it;"
                    + " the version waits) or skipped, with the cause. Skips are reported, not failures: the exit"
                    + " code is 0 unless the server refuses the train."
        },
        sortOptions = false,
        footer = {
            "",
            "Kuberpult's client command release-train is accepted too, with --target-environment and"
                    + " --use_env_group_target.",
            "",
            "Examples:",
            "  trebuchet train --environment staging",
            "  trebuchet train --group production --prognosis",
            "  trebuchet train --environment staging --team payments --output json",
            "  trebuchet release-train --target-environment production \\",
            "      --use_env_group_target"
        })
final class TrainCommand extends ClientCommand {
    private static final int MAX_MESSAGE = 80;

    @Option(
            names = {"-e", "--environment", "--target-environment"},
            paramLabel = "ENV",
            description = "Target environment.")
    String environment;

    @Option(
            names = {"-g", "--group", "--environment-group"},
            paramLabel = "GROUP",
            description = "Target environment group: a train into each member, each on its own.")
    String group;

    @Option(
            names = "--use_env_group_target",
            description = "As Kuberpult's client: --target-environment names an environment group.")
    boolean groupTarget;

    @Option(
            names = {"-t", "--team"},
            paramLabel = "TEAM",
            description = "Only applications of this team.")
    String team;

    @Option(
            names = {"--ci_link", "--ci-link"},
            paramLabel = "URL",
            description = "The CI run that runs the train (an http(s) URL), recorded with the train's events.")
    String ciLink;

    @Option(
            names = "--use_dex_auth",
            arity = "0..1",
            paramLabel = "true|false",
            description = "Kuberpult's flag to call its /api endpoint with a token: always so here (the token comes"
                    + " from --token, TREBUCHET_TOKEN or 'trebuchet login').")
    boolean useDexAuth;

    @Option(names = "--stack", paramLabel = "STACK", description = "Only applications of this stack.")
    String stack;

    @Option(names = "--prognosis", description = "Show what the train would do; change nothing.")
    boolean prognosis;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        String target = target();
        Map<String, Optional<String>> filter = new LinkedHashMap<>();
        filter.put(
                "team", Optional.ofNullable(team).map(name -> TeamName.of(name).value()));
        filter.put(
                "stack",
                Optional.ofNullable(stack).map(name -> StackName.of(name).value()));
        JsonNode result = prognosis
                ? client.get(TrebuchetClient.query(target + "/train/prognosis", filter))
                : ciLink == null
                        ? client.post(TrebuchetClient.query(target + "/train", filter))
                        : client.postJson(TrebuchetClient.query(target + "/train", filter), Map.of("ciLink", ciLink));
        if (output.isJson()) {
            output.json(result);
            return Main.EXIT_OK;
        }
        Map<Outcome, Integer> counts = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0);
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode environment : result.path("environments")) {
            String name = environment.path("environment").asText();
            if (environment.path("applications").isEmpty()) {
                boolean skipped = environment.has("skipped");
                rows.add(List.of(
                        name,
                        "-",
                        "-",
                        "-",
                        skipped ? word(Outcome.SKIPPED) : "-",
                        environment.path("skipped").asText("-"),
                        message(environment, skipped ? "" : "nothing to move")));
                if (skipped) {
                    counts.merge(Outcome.SKIPPED, 1, Integer::sum);
                }
                continue;
            }
            for (JsonNode application : environment.path("applications")) {
                Outcome outcome = outcome(application);
                counts.merge(outcome, 1, Integer::sum);
                rows.add(List.of(
                        name,
                        application.path("application").asText(),
                        application.path("currentVersion").asText("-"),
                        application.path("version").asText("-"),
                        word(outcome),
                        application.path("skipped").asText("-"),
                        message(application, "")));
            }
        }
        output.table(List.of("ENVIRONMENT", "APPLICATION", "FROM", "TO", "OUTCOME", "CAUSE", "MESSAGE"), rows);
        output.line(
                prognosis
                        ? "Prognosis: %d to deploy, %d to queue, %d to skip. Nothing was changed."
                                .formatted(
                                        counts.get(Outcome.DEPLOYED),
                                        counts.get(Outcome.QUEUED),
                                        counts.get(Outcome.SKIPPED))
                        : "Train: %d deployed, %d queued, %d skipped."
                                .formatted(
                                        counts.get(Outcome.DEPLOYED),
                                        counts.get(Outcome.QUEUED),
                                        counts.get(Outcome.SKIPPED)));
        return Main.EXIT_OK;
    }

    /** The API path of the target, from the options; options that do not go together are a usage error. */
    private String target() {
        if (environment != null && group != null) {
            throw usage("give --environment or --group, not both");
        }
        if (groupTarget) {
            if (environment == null) {
                throw usage("--use_env_group_target makes --target-environment name a group: give"
                        + " --target-environment");
            }
            return TrebuchetClient.path(
                    "api", "v1", "environment-groups", GroupName.of(environment).value());
        }
        if (environment != null) {
            return TrebuchetClient.path(
                    "api", "v1", "environments", EnvName.of(environment).value());
        }
        if (group != null) {
            return TrebuchetClient.path(
                    "api", "v1", "environment-groups", GroupName.of(group).value());
        }
        throw usage("say where the train goes: --environment ENV or --group GROUP");
    }

    private enum Outcome {
        DEPLOYED,
        QUEUED,
        SKIPPED
    }

    private String word(Outcome outcome) {
        return switch (outcome) {
            case DEPLOYED -> prognosis ? "deploy" : "deployed";
            case QUEUED -> prognosis ? "queue" : "queued";
            case SKIPPED -> prognosis ? "skip" : "skipped";
        };
    }

    /**
     * An application without a skip cause moves; one that a lock or a freeze window stops is queued (a train records
     * the version as queued); any other cause, including one this client does not know, leaves it where it is.
     */
    private static Outcome outcome(JsonNode application) {
        if (!application.has("skipped")) {
            return Outcome.DEPLOYED;
        }
        return cause(application.path("skipped").asText())
                .map(cause -> TrainPlanner.blockedByLockOrFreeze(cause) ? Outcome.QUEUED : Outcome.SKIPPED)
                .orElse(Outcome.SKIPPED);
    }

    private static Optional<SkipCause> cause(String name) {
        for (SkipCause cause : SkipCause.values()) {
            if (cause.name().equals(name)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static String message(JsonNode plan, String otherwise) {
        String message = plan.path("message").asText(otherwise);
        return message.isEmpty() ? "-" : Output.cell(message, MAX_MESSAGE);
    }
}
