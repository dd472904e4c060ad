package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code trebuchet apply -f DIR}: make the server match a platform directory. */
@Command(
        name = "apply",
        description = {
            "Make the server match a platform directory, in one transaction: every change is made, or none.",
            "Applying again changes nothing. Without --prune, what the directory does not declare is kept (and listed);"
                    + " with --prune it is deleted, which is refused for an environment that is still an upstream or"
                    + " runs applications, and for an application that still runs somewhere."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet apply -f examples/platform",
            "  trebuchet apply -f examples/platform --prune --output json"
        })
final class ApplyCommand extends PlatformCommand {
    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode result = client.postJson(endpoint("apply"), platform());
        if (output.isJson()) {
            output.json(result);
            return Main.EXIT_OK;
        }
        if (result.path("changes").isEmpty()) {
            output.line(
                    hasUndeclared(result)
                            ? "No changes to what %s declares.".formatted(directory)
                            : "No changes: the server matches %s already.".formatted(directory));
        } else {
            describe(result, false).forEach(output::line);
            JsonNode summary = result.path("summary");
            output.line("Applied: %d created, %d changed, %d deleted."
                    .formatted(
                            summary.path("create").asLong(),
                            summary.path("update").asLong(),
                            summary.path("delete").asLong()));
        }
        undeclared(result).forEach(output::line);
        return Main.EXIT_OK;
    }
}
