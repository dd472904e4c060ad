package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet status}: which version of which application runs where. */
@Command(
        name = "status",
        description = {
            "Show which version of each application runs in each environment (environments in upstream order).",
            "With --env, one environment in detail (who deployed what, when, why); with --app, one application.",
            "Below: the locks, the versions queued behind locks or freeze windows ('2 [3 queued]': 2 runs, 3 waits),"
                    + " the freezes in force, and warnings ('!' marks a version with warnings; --env or --app lists"
                    + " them)."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet status",
            "  trebuchet status --env staging",
            "  trebuchet status --app cart --output json"
        })
final class StatusCommand extends ClientCommand {
    private static final List<String> PER_ENVIRONMENT = List.of("environments", "queued", "locks", "warnings");
    private static final int MAX_TEXT = 100;

    @Option(
            names = {"-a", "--app", "--application"},
            paramLabel = "APP",
            description = "Only this application.")
    String application;

    @Option(
            names = {"-e", "--env", "--environment"},
            paramLabel = "ENV",
            description = "Only this environment.")
    String environment;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        Optional<AppName> onlyApplication = Optional.ofNullable(application).map(AppName::of);
        Optional<EnvName> onlyEnvironment = Optional.ofNullable(environment).map(EnvName::of);
        JsonNode overview = client.get("/api/v1/overview");

        List<String> environments = new ArrayList<>();
        ArrayNode groups = overview.path("environmentGroups").deepCopy();
        for (JsonNode group : groups) {
            ArrayNode members = (ArrayNode) group.path("environments");
            for (int i = members.size() - 1; i >= 0; i--) {
                String name = members.get(i).path("name").asText();
                if (onlyEnvironment.isPresent()
                        && !onlyEnvironment.get().value().equals(name)) {
                    members.remove(i);
                }
            }
            members.forEach(member -> environments.add(member.path("name").asText()));
        }
        onlyEnvironment.ifPresent(name -> {
            if (environments.isEmpty()) {
                throw refusal(new TrebuchetException(
                        ErrorCode.ENVIRONMENT_NOT_FOUND,
                        "environment %s does not exist".formatted(name),
                        Map.of("environment", name.value())));
            }
        });
        List<JsonNode> applications = new ArrayList<>();
        overview.path("applications").forEach(row -> {
            if (onlyApplication.isEmpty()
                    || onlyApplication.get().value().equals(row.path("name").asText())) {
                applications.add(row);
            }
        });
        onlyApplication.ifPresent(name -> {
            if (applications.isEmpty()) {
                throw refusal(new TrebuchetException(
                        ErrorCode.APPLICATION_NOT_FOUND,
                        "application %s does not exist".formatted(name),
                        Map.of("application", name.value())));
            }
        });

        if (output.isJson()) {
            ObjectNode filtered = overview.deepCopy();
            ArrayNode keptGroups = filtered.putArray("environmentGroups");
            groups.forEach(group -> {
                if (!group.path("environments").isEmpty()) {
                    keptGroups.add(group);
                }
            });
            ArrayNode keptApplications = filtered.putArray("applications");
            applications.forEach(row -> {
                ObjectNode copy = row.deepCopy();
                for (String field : PER_ENVIRONMENT) {
                    ObjectNode kept = copy.putObject(field);
                    row.path(field).properties().forEach(entry -> {
                        if (environments.contains(entry.getKey())) {
                            kept.set(entry.getKey(), entry.getValue());
                        }
                    });
                }
                keptApplications.add(copy);
            });
            output.json(filtered);
            return Main.EXIT_OK;
        }
        List<JsonNode> environmentColumns = new ArrayList<>();
        groups.forEach(group -> group.path("environments").forEach(environmentColumns::add));
        boolean detailed = onlyEnvironment.isPresent() || onlyApplication.isPresent();
        if (detailed) {
            detail(output, applications, environments);
        } else {
            grid(output, applications, environments);
        }
        section(
                output,
                "Locks:",
                LockTable.HEADERS,
                LockTable.rows(locks(environmentColumns, applications, onlyApplication)));
        section(
                output,
                "Queued versions (not deployed until someone deploys them or a newer one):",
                List.of("APPLICATION", "ENVIRONMENT", "VERSION", "QUEUED AT", "BY", "REASON", "BLOCKED BY"),
                queued(applications, environments));
        section(output, "Freezes:", List.of("ENVIRONMENT", "UNTIL", "WHY"), freezes(environmentColumns));
        List<List<String>> warnings = warnings(environmentColumns, applications, onlyApplication.isEmpty());
        if (detailed) {
            section(output, "Warnings:", List.of("ENVIRONMENT", "APPLICATION", "WARNING", "MESSAGE"), warnings);
        } else if (!warnings.isEmpty()) {
            output.line("");
            boolean marked =
                    warnings.stream().anyMatch(warning -> !warning.get(1).equals("-"));
            boolean one = warnings.size() == 1;
            output.line("%d %s; trebuchet status --env ENV%s shows %s%s."
                    .formatted(
                            warnings.size(),
                            one ? "warning" : "warnings",
                            marked ? " or --app APP" : "",
                            one ? "it" : "them",
                            marked ? " (! marks a version with warnings)" : ""));
        }
        return Main.EXIT_OK;
    }

    private static void grid(Output output, List<JsonNode> applications, List<String> environments) {
        List<String> headers = new ArrayList<>(List.of("APPLICATION", "TEAM", "LATEST"));
        headers.addAll(environments);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode application : applications) {
            List<String> row = new ArrayList<>(List.of(
                    application.path("name").asText(),
                    application.path("team").asText("-"),
                    application.path("latestVersion").asText("-")));
            environments.forEach(environment -> row.add(cell(application, environment)));
            rows.add(row);
        }
        output.table(headers, rows);
    }

    private static void detail(Output output, List<JsonNode> applications, List<String> environments) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode application : applications) {
            for (String environment : environments) {
                JsonNode cell = application.path("environments").path(environment);
                rows.add(List.of(
                        application.path("name").asText(),
                        environment,
                        cell(application, environment),
                        Output.time(cell.path("deployedAt")),
                        cell.path("deployedBy").path("name").asText("-"),
                        cell.path("reason").asText("-")));
            }
        }
        output.table(List.of("APPLICATION", "ENVIRONMENT", "VERSION", "DEPLOYED AT", "BY", "REASON"), rows);
    }

    /** A heading and a table after a blank line, when there are rows. */
    private static void section(Output output, String heading, List<String> headers, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        output.line("");
        output.line(heading);
        output.table(headers, rows);
    }

    /**
     * The locks that matter to what is shown, once each, in upstream order: the environments' own (with the team
     * locks there, unless one application is shown) and the applications' and teams' locks on the applications.
     */
    private static List<JsonNode> locks(
            List<JsonNode> environments, List<JsonNode> applications, Optional<AppName> onlyApplication) {
        Map<String, JsonNode> locks = new LinkedHashMap<>();
        for (JsonNode environment : environments) {
            String name = environment.path("name").asText();
            environment.path("locks").forEach(lock -> {
                if (onlyApplication.isEmpty() || lock.path("kind").asText().equals("environment")) {
                    locks.putIfAbsent(key(lock), lock);
                }
            });
            applications.forEach(application ->
                    application.path("locks").path(name).forEach(lock -> locks.putIfAbsent(key(lock), lock)));
        }
        return List.copyOf(locks.values());
    }

    private static String key(JsonNode lock) {
        return String.join(
                "/",
                lock.path("environment").asText(),
                lock.path("kind").asText(),
                lock.path("application").asText(lock.path("team").asText()),
                lock.path("id").asText());
    }

    private static List<List<String>> queued(List<JsonNode> applications, List<String> environments) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode application : applications) {
            for (String environment : environments) {
                JsonNode queued = application.path("queued").path(environment);
                if (queued.isMissingNode()) {
                    continue;
                }
                List<String> blockers = new ArrayList<>();
                queued.path("blockedBy").forEach(blocker -> blockers.add(blocker.asText()));
                rows.add(List.of(
                        application.path("name").asText(),
                        environment,
                        queued.path("version").asText(),
                        Output.time(queued.path("queuedAt")),
                        queued.path("queuedBy").path("name").asText("-"),
                        queued.path("reason").asText("-"),
                        Output.cell(String.join("; ", blockers), MAX_TEXT)));
            }
        }
        return rows;
    }

    private static List<List<String>> freezes(List<JsonNode> environments) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode environment : environments) {
            JsonNode freeze = environment.path("freeze");
            if (freeze.isMissingNode()) {
                continue;
            }
            JsonNode window = freeze.path("window");
            String schedule = "'%s' (%s, %s)"
                    .formatted(
                            window.path("schedule").asText(),
                            window.path("duration").asText(),
                            window.path("timeZone").asText("UTC"));
            rows.add(List.of(
                    environment.path("name").asText(),
                    Output.time(freeze.path("until")),
                    freeze.path("reason").asText().equals("OUTSIDE_ALLOW_WINDOWS")
                            ? "outside every allow window; the next is " + schedule
                            : "inside deny window " + schedule));
        }
        return rows;
    }

    /** The warnings of the shown cells and, when {@code ofEnvironments}, of the shown environments' own locks. */
    private static List<List<String>> warnings(
            List<JsonNode> environmentColumns, List<JsonNode> applications, boolean ofEnvironments) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode environment : environmentColumns) {
            String name = environment.path("name").asText();
            if (ofEnvironments) {
                environment.path("warnings").forEach(warning -> rows.add(warning(name, "-", warning)));
            }
            applications.forEach(application -> application
                    .path("warnings")
                    .path(name)
                    .forEach(warning ->
                            rows.add(warning(name, application.path("name").asText(), warning))));
        }
        return rows;
    }

    private static List<String> warning(String environment, String application, JsonNode warning) {
        return List.of(
                environment,
                application,
                warning.path("code").asText(),
                Output.cell(warning.path("message").asText(), MAX_TEXT));
    }

    /** The version that runs, with a queued version waiting behind it and a mark when there are warnings. */
    private static String cell(JsonNode application, String environment) {
        StringBuilder text =
                new StringBuilder(version(application.path("environments").path(environment)));
        JsonNode queued = application.path("queued").path(environment);
        if (!queued.isMissingNode()) {
            text.append(" [").append(queued.path("version").asText()).append(" queued]");
        }
        if (!application.path("warnings").path(environment).isEmpty()) {
            text.append(" !");
        }
        return text.toString();
    }

    private static String version(JsonNode cell) {
        if (cell.isMissingNode()) {
            return "-";
        }
        String version = cell.path("version").asText();
        return cell.has("displayVersion")
                ? "%s (%s)".formatted(version, cell.path("displayVersion").asText())
                : version;
    }
}
