package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet rerender}: render the whole manifest repository again from the current state. */
@Command(
        name = "rerender",
        description = {
            "Render the whole manifest repository again from the current state and commit it if anything differs,"
                    + " e.g. after someone edited argocd/, flux/ or environments/ by hand. Other files are left alone."
                    + " Waits for the export to do it (up to two minutes on the server).",
            "A halted export (see export-status: the repository holds events the store does not have) refuses it"
                    + " unless --force is given."
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet rerender",
            "  trebuchet rerender --timeout 3m --output json",
            "  trebuchet rerender --force      # after export-status says halted, and you decided the store is right"
        })
final class RerenderCommand extends ClientCommand {
    @Option(
            names = "--force",
            description = "Render over the repository of a halted export: the store's state becomes a new commit on"
                    + " top of the branch (recorded as an event with your name), and the export resumes.")
    boolean force;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode outcome = client.post("/api/v1/export/rerender" + (force ? "?force=true" : ""));
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
