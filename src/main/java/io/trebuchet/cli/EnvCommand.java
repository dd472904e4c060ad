package io.trebuchet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trebuchet.config.EnvironmentDeclaration;
import io.trebuchet.config.PlatformDirectory;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.environment.EnvironmentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trebuchet env list|get|apply|delete}: environments. */
@Command(
        name = "env",
        description = "List, show, create or change, and delete environments.",
        subcommands = {
            EnvCommand.EnvList.class,
            EnvCommand.EnvGet.class,
            EnvCommand.EnvApply.class,
            EnvCommand.EnvDelete.class
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet env list",
            "  trebuchet env apply dev --latest",
            "  trebuchet env apply prod-de --upstream staging --group production",
            "  trebuchet env apply -f platform/environments/prod-de.yaml",
            "  trebuchet env get prod-de > prod-de.yaml",
            "  trebuchet env delete qa"
        })
final class EnvCommand {
    @Mixin
    HelpOption help;

    private EnvCommand() {}

    /** {@code env list}. */
    @Command(
            name = "list",
            description = "List environments in upstream order.",
            footer = {"", "Examples:", "  trebuchet env list", "  trebuchet env list --output json"})
    static final class EnvList extends ClientCommand {
        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.get("/api/v1/environments");
            if (output.isJson()) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode environment : answer.path("environments")) {
                JsonNode config = environment.path("config");
                rows.add(List.of(
                        environment.path("name").asText(),
                        environment.path("environmentGroup").asText(),
                        upstream(config.path("upstream")),
                        argoCd(config)));
            }
            output.table(List.of("NAME", "GROUP", "UPSTREAM", "ARGO CD"), rows);
            return Main.EXIT_OK;
        }

        private static String upstream(JsonNode upstream) {
            if (upstream.path("latest").asBoolean()) {
                return "latest";
            }
            return upstream.path("environment").asText("-");
        }

        private static String argoCd(JsonNode config) {
            if (config.has("argoConfigs")) {
                List<String> clusters = new ArrayList<>();
                config.path("argoConfigs")
                        .path("configs")
                        .forEach(cluster -> clusters.add(destination(cluster.path("destination"))));
                return String.join(", ", clusters);
            }
            if (config.has("argocd")) {
                return destination(config.path("argocd").path("destination"));
            }
            return "-";
        }

        private static String destination(JsonNode destination) {
            String cluster =
                    destination.path("name").asText(destination.path("server").asText());
            String namespace = destination.path("namespace").asText("");
            return namespace.isEmpty() ? cluster : cluster + "/" + namespace;
        }
    }

    /** {@code env get NAME}. */
    @Command(
            name = "get",
            description = {
                "Show one environment. As a table it is printed in the form of a platform directory's"
                        + " environments/<name>.yaml, ready for 'env apply -f' or 'apply -f'."
            },
            footer = {"", "Examples:", "  trebuchet env get staging", "  trebuchet env get staging --output json"})
    static final class EnvGet extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Environment.")
        String name;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.get(TrebuchetClient.path(
                    "api", "v1", "environments", EnvName.of(name).value()));
            if (output.isJson()) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            ObjectNode file = Json.mapper().createObjectNode();
            file.put("name", answer.path("name").asText());
            answer.path("config").properties().forEach(field -> file.set(field.getKey(), field.getValue()));
            YAMLMapper yaml = new YAMLMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
            try {
                output.line(yaml.writeValueAsString(file).stripTrailing());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write YAML", e);
            }
            return Main.EXIT_OK;
        }
    }

    /** {@code env apply}. */
    @Command(
            name = "apply",
            description = {
                "Create an environment or replace its config. An identical config changes nothing.",
                "Give the config as a file (the form of a platform directory's environments/<name>.yaml, or JSON),"
                        + " as JSON (Kuberpult's config.json format), or for the common cases with --latest or"
                        + " --upstream."
            },
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet env apply dev --latest",
                "  trebuchet env apply staging --upstream dev",
                "  trebuchet env apply prod-de --upstream staging --group production",
                "  trebuchet env apply -f platform/environments/prod-de.yaml",
                "  trebuchet env apply qa --config '{\"upstream\":{\"latest\":true}}'"
            })
    static final class EnvApply extends ClientCommand {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "NAME",
                description = "Environment (taken from the file with -f).")
        String name;

        @ArgGroup(multiplicity = "1")
        Source source;

        @Option(
                names = "--group",
                paramLabel = "GROUP",
                description = "Environment group, with --latest or --upstream (default: the environment's name).")
        String group;

        /** Exactly one way to give the config. */
        static final class Source {
            @Option(
                    names = {"-f", "--file"},
                    paramLabel = "FILE",
                    description = "YAML or JSON file: name plus the config.")
            Path file;

            @Option(names = "--config", paramLabel = "JSON", description = "The config as JSON.")
            String json;

            @Option(names = "--latest", description = "Follow latest: every new release is deployed here.")
            boolean latest;

            @Option(
                    names = "--upstream",
                    paramLabel = "ENV",
                    description = "Take versions from this environment (by release trains).")
            String upstream;
        }

        @Override
        protected int run(TrebuchetClient client, Output output) {
            EnvironmentDeclaration declaration = declaration();
            JsonNode answer = client.putJson(
                    TrebuchetClient.path(
                            "api", "v1", "environments", declaration.name().value()),
                    declaration.config());
            if (output.isJson()) {
                output.json(answer);
            } else if (answer.path("created").asBoolean()) {
                output.line("Created environment %s.".formatted(declaration.name()));
            } else if (answer.path("changed").asBoolean()) {
                output.line("Updated environment %s.".formatted(declaration.name()));
            } else {
                output.line("Environment %s is unchanged.".formatted(declaration.name()));
            }
            if (!output.isJson()) {
                answer.path("warnings").forEach(warning -> output.line("Warning: " + warning.asText() + "."));
            }
            return Main.EXIT_OK;
        }

        private EnvironmentDeclaration declaration() {
            if (source.file != null) {
                if (group != null) {
                    throw usage("--group goes with --latest or --upstream; with -f, put environmentGroup in the file");
                }
                if (!Files.isRegularFile(source.file)) {
                    throw usage("cannot read environment file %s".formatted(source.file));
                }
                EnvironmentDeclaration declaration = PlatformDirectory.readEnvironment(source.file);
                if (name != null && !EnvName.of(name).equals(declaration.name())) {
                    throw usage("NAME %s differs from the name in %s (%s)"
                            .formatted(name, source.file, declaration.name()));
                }
                return declaration;
            }
            if (name == null) {
                throw usage("give the environment's NAME (or a file with -f)");
            }
            EnvName environment = EnvName.of(name);
            if (source.json != null) {
                if (group != null) {
                    throw usage("--group goes with --latest or --upstream; with --config, put environmentGroup in it");
                }
                return new EnvironmentDeclaration(environment, EnvironmentConfig.parse(source.json));
            }
            EnvironmentConfig config = source.latest
                    ? EnvironmentConfig.latest()
                    : EnvironmentConfig.downstreamOf(EnvName.of(source.upstream));
            return new EnvironmentDeclaration(
                    environment, group == null ? config : config.withGroup(GroupName.of(group)));
        }
    }

    /** {@code env delete NAME}. */
    @Command(
            name = "delete",
            description = "Delete an environment that is nobody's upstream and runs no application.",
            footer = {"", "Examples:", "  trebuchet env delete qa"})
    static final class EnvDelete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Environment.")
        String name;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            EnvName environment = EnvName.of(name);
            client.delete(TrebuchetClient.path("api", "v1", "environments", environment.value()));
            if (output.isJson()) {
                output.json(Map.of("deleted", environment));
            } else {
                output.line("Deleted environment %s.".formatted(environment));
            }
            return Main.EXIT_OK;
        }
    }
}
