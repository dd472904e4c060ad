package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code trebuchet rerender}: render the whole manifest repository again from the current state. */
@Command(
        name = "rerender",
        description = {
            "Render the whole manifest repository again from the current state and commit it if anything differs,"
                    + " e.g. after someone edited argocd/, flux/ or environments/ by hand. Other files are left alone."
                    + " Waits for the export to do it (up to two minutes on the server)."
        },
        footer = {"", "Examples:", "  trebuchet rerender", "  trebuchet rerender --timeout 3m --output json"})
final class RerenderCommand extends ClientCommand {
    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode outcome = client.post("/api/v1/export/rerender");
        if (output.isJson()) {
            output.json(outcome);
            return Main.EXIT_OK;
        }
        long event = outcome.path("eventId").asLong();
        output.line(
                outcome.path("changed").asBoolean()
                        ? "Rendered the manifest repository at event %d: it differed; committed %s."
                                .formatted(event, outcome.path("commit").asText())
                        : "Rendered the manifest repository at event %d: it matched; nothing to commit."
                                .formatted(event));
        return Main.EXIT_OK;
    }
}
