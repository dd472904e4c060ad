package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet locks}: list locks. */
@Command(
        name = "locks",
        description = {
            "List locks with their state: active (blocks automation), expired (past its expiry; blocks nothing) or"
                    + " dormant (a scheduled lock outside its window). A group lock is one environment lock per member."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet locks",
            "  trebuchet locks --environment prod-de --state active",
            "  trebuchet locks --application cart --output json",
            "  trebuchet locks --kind team --team payments"
        })
final class LocksCommand extends ClientCommand {
    @Option(
            names = {"-e", "--environment"},
            paramLabel = "ENV",
            description = "Only locks in this environment.")
    String environment;

    @Option(
            names = {"-a", "--application"},
            paramLabel = "APP",
            description = "Only application locks on this application.")
    String application;

    @Option(
            names = {"-t", "--team"},
            paramLabel = "TEAM",
            description = "Only team locks on this team.")
    String team;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "Only locks of this kind: environment, application or team.")
    LockKind kind;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only locks in this state: active, expired or dormant.")
    LockState state;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        Map<String, Optional<String>> parameters = new LinkedHashMap<>();
        parameters.put(
                "environment",
                Optional.ofNullable(environment).map(name -> EnvName.of(name).value()));
        parameters.put(
                "application",
                Optional.ofNullable(application).map(name -> AppName.of(name).value()));
        parameters.put(
                "team", Optional.ofNullable(team).map(name -> TeamName.of(name).value()));
        parameters.put("kind", Optional.ofNullable(kind).map(LockKind::label));
        parameters.put("state", Optional.ofNullable(state).map(LockState::label));
        JsonNode answer = client.get(TrebuchetClient.query("/api/v1/locks", parameters));
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        List<JsonNode> locks = new ArrayList<>();
        answer.path("locks").forEach(locks::add);
        if (locks.isEmpty()) {
            output.line(parameters.values().stream().anyMatch(Optional::isPresent) ? "No such locks." : "No locks.");
        } else {
            output.table(LockTable.HEADERS, LockTable.rows(locks));
        }
        return Main.EXIT_OK;
    }
}
