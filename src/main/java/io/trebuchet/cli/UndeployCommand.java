package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet undeploy}: remove an application from one environment, or from every environment. */
@Command(
        name = "undeploy",
        description = "Remove an application from one environment, or from all of them (its releases stay).",
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet undeploy --application cart --environment staging",
            "  trebuchet undeploy --application cart --all-environments"
        })
final class UndeployCommand extends ClientCommand {
    @Option(
            names = {"-a", "--application"},
            required = true,
            paramLabel = "APP",
            description = "Application.")
    String application;

    @ArgGroup(multiplicity = "1")
    Where where;

    /** Exactly one of the two. */
    static final class Where {
        @Option(
                names = {"-e", "--environment"},
                paramLabel = "ENV",
                description = "Remove it from this environment.")
        String environment;

        @Option(names = "--all-environments", description = "Remove it from every environment.")
        boolean everywhere;
    }

    @Override
    protected int run(TrebuchetClient client, Output output) {
        AppName app = AppName.of(application);
        if (where.environment != null) {
            EnvName env = EnvName.of(where.environment);
            JsonNode answer = client.delete(
                    TrebuchetClient.path("api", "v1", "environments", env.value(), "applications", app.value()));
            if (output.isJson()) {
                output.json(answer);
            } else {
                output.line("Removed %s from %s (it ran version %d)."
                        .formatted(
                                app, env, answer.path("removed").path("version").asLong()));
            }
            return Main.EXIT_OK;
        }
        JsonNode answer = client.delete(TrebuchetClient.path("api", "v1", "applications", app.value()));
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        List<String> removed = new ArrayList<>();
        answer.path("removed")
                .forEach(deployment -> removed.add("%s (%d)"
                        .formatted(
                                deployment.path("environment").asText(),
                                deployment.path("version").asLong())));
        output.line(
                removed.isEmpty()
                        ? "%s ran nowhere; nothing changed.".formatted(app)
                        : "Removed %s from %s.".formatted(app, String.join(", ", removed)));
        return Main.EXIT_OK;
    }
}
