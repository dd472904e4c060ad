package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
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
            "With --env, one environment in detail (who deployed what, when, why); with --app, one application."
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
                throw new TrebuchetException(
                        ErrorCode.ENVIRONMENT_NOT_FOUND,
                        "environment %s does not exist".formatted(name),
                        Map.of("environment", name.value()));
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
                throw new TrebuchetException(
                        ErrorCode.APPLICATION_NOT_FOUND,
                        "application %s does not exist".formatted(name),
                        Map.of("application", name.value()));
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
                ObjectNode cells = copy.putObject("environments");
                row.path("environments").properties().forEach(cell -> {
                    if (environments.contains(cell.getKey())) {
                        cells.set(cell.getKey(), cell.getValue());
                    }
                });
                keptApplications.add(copy);
            });
            output.json(filtered);
        } else if (onlyEnvironment.isPresent() || onlyApplication.isPresent()) {
            detail(output, applications, environments);
        } else {
            grid(output, applications, environments);
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
            environments.forEach(environment ->
                    row.add(version(application.path("environments").path(environment))));
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
                        version(cell),
                        cell.path("deployedAt").asText("-"),
                        cell.path("deployedBy").path("name").asText("-"),
                        cell.path("reason").asText("-")));
            }
        }
        output.table(List.of("APPLICATION", "ENVIRONMENT", "VERSION", "DEPLOYED AT", "BY", "REASON"), rows);
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
