package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Kuberpult's client commands beyond releases, trains and locks, with their flags: {@code delete-environment},
 * {@code get-commit-deployments} and {@code get-deployment-commit}. They call Kuberpult's endpoints, which Trebuchet
 * serves, and print the answer as JSON as Kuberpult's client does; hidden from the command list.
 */
final class KuberpultClientCommands {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");

    private KuberpultClientCommands() {}

    @Command(
            name = "delete-environment",
            hidden = true,
            description = "Kuberpult's command: delete an environment that runs no application and is no upstream.",
            sortOptions = false,
            footer = {"", "Examples:", "  trebuchet delete-environment --environment fakeprod-ca"})
    static final class DeleteEnvironment extends ClientCommand {
        @Option(names = "--environment", required = true, paramLabel = "ENV", description = "Environment to delete.")
        String environment;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            EnvName name = EnvName.of(environment);
            JsonNode answer = client.delete(TrebuchetClient.path("api", "environments", name.value()));
            if (output.isJson()) {
                output.json(answer);
            } else {
                output.line("Deleted environment %s.".formatted(name));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(
            name = "get-commit-deployments",
            hidden = true,
            // The name is so long that picocli's synopsis, aligned after it, cannot fit a narrow terminal.
            customSynopsis = {
                "trebuchet get-commit-deployments",
                "         --commit=COMMIT [--out=FILE]",
                "         [CLIENT-OPTIONS]"
            },
            description = "Kuberpult's command: per application and environment, whether a source commit is"
                    + " DEPLOYED, PENDING or UNKNOWN there (as JSON).",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet get-commit-deployments --commit 0123abc",
                "  trebuchet get-commit-deployments --commit 0123456 --out deployments.json"
            })
    static final class GetCommitDeployments extends ClientCommand {
        @Option(names = "--commit", required = true, paramLabel = "COMMIT", description = "Source commit id.")
        String commit;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Write the answer to this file instead of printing it.")
        Path out;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            if (!COMMIT.matcher(commit).matches()) {
                throw usage("--commit must be 7 to 40 hexadecimal characters, got '%s'".formatted(commit));
            }
            JsonNode answer = client.get(TrebuchetClient.path("api", "commit-deployments", commit));
            if (out == null) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            try {
                Files.writeString(out, Json.write(answer) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw usage("cannot write %s (%s)".formatted(out, e.getMessage()));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(
            name = "get-deployment-commit",
            hidden = true,
            customSynopsis = {
                "trebuchet get-deployment-commit",
                "         --environment=ENV --application=APP",
                "         [CLIENT-OPTIONS]"
            },
            description = "Kuberpult's command: the source commit (author, id, message) of what an application runs in"
                    + " an environment (as JSON).",
            sortOptions = false,
            footer = {"", "Examples:", "  trebuchet get-deployment-commit --environment staging --application cart"})
    static final class GetDeploymentCommit extends ClientCommand {
        @Option(names = "--environment", required = true, paramLabel = "ENV", description = "Environment.")
        String environment;

        @Option(names = "--application", required = true, paramLabel = "APP", description = "Application.")
        String application;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            output.json(client.get(TrebuchetClient.path(
                    "api",
                    "environments",
                    EnvName.of(environment).value(),
                    "applications",
                    AppName.of(application).value(),
                    "commit")));
            return Main.EXIT_OK;
        }
    }
}
