package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trebuchet commit-status COMMIT}: where a source commit is deployed. */
@Command(
        name = "commit-status",
        description = {
            "Show where a source commit is deployed: for each application released from it, per environment of that"
                    + " release, deployed (the environment runs that release or a newer one), pending (an older one)"
                    + " or unknown (the application does not run there)."
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet commit-status $(git rev-parse HEAD)",
            "  trebuchet commit-status 1a2b3c4 --output json"
        })
final class CommitStatusCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "COMMIT", description = "Git commit id, full or abbreviated (7+ characters).")
    String commit;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode report = client.get(TrebuchetClient.path("api", "v1", "commits", commit));
        if (output.isJson()) {
            output.json(report);
            return Main.EXIT_OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode application : report.path("applications")) {
            for (JsonNode environment : application.path("environments")) {
                rows.add(List.of(
                        application.path("application").asText(),
                        application.path("version").asText(),
                        environment.path("environment").asText(),
                        environment.path("status").asText(),
                        environment.path("deployedVersion").asText("-")));
            }
        }
        output.table(List.of("APPLICATION", "RELEASE", "ENVIRONMENT", "STATUS", "RUNNING"), rows);
        return Main.EXIT_OK;
    }
}
