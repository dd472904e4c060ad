package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code trebuchet export-status}: how far the manifest repository is behind. */
@Command(
        name = "export-status",
        description = {
            "Show the git export: its state (starting, running, retrying, standby, halted, stopped), how many events"
                    + " the manifest repository's remote is behind and for how long, the last commit and push, and the"
                    + " last error. A halted export says why and what to do."
        },
        footer = {"", "Examples:", "  trebuchet export-status", "  trebuchet export-status --output json"})
final class ExportStatusCommand extends ClientCommand {
    @Override
    protected int run(TrebuchetClient client, Output output) {
        JsonNode status = client.get("/api/v1/export/status");
        if (output.isJson()) {
            output.json(status);
            return Main.EXIT_OK;
        }
        long behind = status.path("eventsBehind").asLong();
        List<List<String>> fields = new ArrayList<>();
        fields.add(List.of("State:", status.path("state").asText()));
        fields.add(List.of("Repository:", status.path("repository").asText()));
        fields.add(List.of("Branch:", status.path("branch").asText()));
        fields.add(List.of("Mode:", status.path("mode").asText().toLowerCase(Locale.ROOT)));
        fields.add(List.of(
                "Events:",
                "%d in the log, %d committed, %d in the remote"
                        .formatted(
                                status.path("lastEventId").asLong(),
                                status.path("committedEventId").asLong(),
                                status.path("cursorEventId").asLong())));
        fields.add(List.of(
                "Behind:",
                behind == 0
                        ? "nothing: the remote has every event"
                        : "%d %s, the oldest %s s ago"
                                .formatted(
                                        behind,
                                        behind == 1 ? "event" : "events",
                                        status.path("secondsBehind").asText())));
        fields.add(List.of("Last commit:", commit(status.path("lastCommit"), "id")));
        fields.add(List.of("Last push:", commit(status.path("lastPush"), "commit")));
        JsonNode error = status.path("lastError");
        fields.add(List.of(
                "Last error:",
                error.isMissingNode()
                        ? "-"
                        : "%s: %s (%s)"
                                .formatted(
                                        Output.time(error.path("time")),
                                        Output.cell(error.path("message").asText(), 200),
                                        error.path("failedAttempts").asInt() == 0
                                                ? "recovered since"
                                                : error.path("failedAttempts").asInt() + " failed attempts in a row")));
        String replica = status.path("replica").asText();
        JsonNode leader = status.path("leader");
        fields.add(List.of(
                "Leader:",
                leader.isMissingNode()
                        ? "none right now (this is %s)".formatted(replica)
                        : leader.asText().equals(replica)
                                ? "%s (this replica)".formatted(replica)
                                : "%s (this is %s)".formatted(leader.asText(), replica)));
        JsonNode divergence = status.path("divergence");
        if (!divergence.isMissingNode()) {
            fields.add(List.of(
                    "Halted:",
                    "since %s: %s"
                            .formatted(
                                    Output.time(divergence.path("since")),
                                    divergence.path("reason").asText())));
            fields.add(List.of("To resolve:", divergence.path("resolution").asText()));
        }
        int width =
                fields.stream().mapToInt(field -> field.get(0).length()).max().orElse(0);
        fields.forEach(field -> output.line(("%-" + width + "s  %s").formatted(field.get(0), field.get(1))));
        return Main.EXIT_OK;
    }

    private static String commit(JsonNode commit, String idField) {
        if (commit.isMissingNode()) {
            return "-";
        }
        String id = commit.path(idField).asText();
        return "%s (event %d) at %s"
                .formatted(
                        id.length() > 12 ? id.substring(0, 12) : id,
                        commit.path("eventId").asLong(),
                        Output.time(commit.path("time")));
    }
}
