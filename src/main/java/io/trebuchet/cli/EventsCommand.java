package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet events}: the audit log. */
@Command(
        name = "events",
        description = "Show the event log, oldest first: every accepted change, who made it and when.",
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet events",
            "  trebuchet events --application cart --kind DEPLOYED",
            "  trebuchet events --after 120 --limit 50 --output json"
        })
final class EventsCommand extends ClientCommand {
    private static final int MAX_DETAILS = 80;

    @Option(names = "--after", paramLabel = "ID", description = "Only events after this id (default 0).")
    Long after;

    @Option(names = "--limit", paramLabel = "N", description = "At most this many events (default 100, at most 1000).")
    Integer limit;

    @Option(
            names = {"-a", "--application"},
            paramLabel = "APP",
            description = "Only events of this application.")
    String application;

    @Option(
            names = {"-e", "--environment"},
            paramLabel = "ENV",
            description = "Only events of this environment.")
    String environment;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "Only events of this kind, e.g. DEPLOYED, RELEASE_CREATED, ENVIRONMENT_UPDATED.")
    String kind;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        Map<String, Optional<String>> parameters = new LinkedHashMap<>();
        parameters.put("after", Optional.ofNullable(after).map(String::valueOf));
        parameters.put("limit", Optional.ofNullable(limit).map(String::valueOf));
        parameters.put(
                "application",
                Optional.ofNullable(application).map(name -> AppName.of(name).value()));
        parameters.put(
                "environment",
                Optional.ofNullable(environment).map(name -> EnvName.of(name).value()));
        parameters.put("kind", Optional.ofNullable(kind));
        JsonNode page = client.get(TrebuchetClient.query("/api/v1/events", parameters));
        if (output.isJson()) {
            output.json(page);
            return Main.EXIT_OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode event : page.path("events")) {
            rows.add(List.of(
                    event.path("id").asText(),
                    event.path("time").asText(),
                    event.path("actor").path("name").asText(),
                    event.path("kind").asText(),
                    event.path("application").asText("-"),
                    event.path("environment").asText("-"),
                    details(event.path("payload"))));
        }
        output.table(List.of("ID", "TIME", "ACTOR", "KIND", "APPLICATION", "ENVIRONMENT", "DETAILS"), rows);
        int asked = limit == null ? 100 : limit;
        if (rows.size() == asked) {
            output.line("More events may follow: trebuchet events --after %d"
                    .formatted(page.path("next").asLong()));
        }
        return Main.EXIT_OK;
    }

    private static String details(JsonNode payload) {
        String text = Json.write(payload);
        return text.length() <= MAX_DETAILS ? text : text.substring(0, MAX_DETAILS - 3) + "...";
    }
}
