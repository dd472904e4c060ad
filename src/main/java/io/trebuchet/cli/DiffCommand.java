package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code trebuchet diff -f DIR}: what apply would change. */
@Command(
        name = "diff",
        description = {
            "Show what 'apply' would change on the server: environments and applications created (+), changed (~)"
                    + " with each field before and after, and deleted (-, with --prune). Changes nothing."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet diff -f examples/platform",
            "  trebuchet diff -f examples/platform --prune --output json"
        })
final class DiffCommand extends PlatformCommand {
    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode plan = client.postJson(endpoint("plan"), platform());
        if (output.isJson()) {
            output.json(plan);
            return Main.EXIT_OK;
        }
        if (plan.path("changes").isEmpty()) {
            output.line(
                    hasUndeclared(plan)
                            ? "No differences in what %s declares.".formatted(directory)
                            : "No differences: the server matches %s.".formatted(directory));
        } else {
            describe(plan, true).forEach(output::line);
            JsonNode summary = plan.path("summary");
            output.line("Plan: %d to create, %d to change, %d to delete."
                    .formatted(
                            summary.path("create").asLong(),
                            summary.path("update").asLong(),
                            summary.path("delete").asLong()));
        }
        undeclared(plan).forEach(output::line);
        return Main.EXIT_OK;
    }
}
