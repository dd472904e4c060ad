package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet deploy}: deploy a version of an application to an environment. */
@Command(
        name = "deploy",
        description = "Deploy a version of an application to an environment (any version, any environment).",
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet deploy --application cart --environment staging --version 42",
            "  trebuchet deploy -a cart -e dev -v 41          # roll dev back to 41"
        })
final class DeployCommand extends ClientCommand {
    @Option(
            names = {"-a", "--application"},
            required = true,
            paramLabel = "APP",
            description = "Application.")
    String application;

    @Option(
            names = {"-e", "--environment"},
            required = true,
            paramLabel = "ENV",
            description = "Environment.")
    String environment;

    @Option(
            names = {"-v", "--version"},
            required = true,
            paramLabel = "N",
            description = "Release version to deploy.")
    String version;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        AppName app = AppName.of(application);
        EnvName env = EnvName.of(environment);
        Version release = Version.parse(version);
        JsonNode answer = client.postJson(
                TrebuchetClient.path("api", "v1", "environments", env.value(), "applications", app.value(), "deploy"),
                Map.of("version", release.value()));
        if (output.isJson()) {
            output.json(answer);
        } else if (!answer.path("changed").asBoolean()) {
            output.line("%s %s runs in %s already; nothing changed.".formatted(app, release, env));
        } else if (answer.has("previousVersion")) {
            output.line("Deployed %s %s to %s (was %d)."
                    .formatted(app, release, env, answer.path("previousVersion").asLong()));
        } else {
            output.line("Deployed %s %s to %s.".formatted(app, release, env));
        }
        return Main.EXIT_OK;
    }
}
