package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trebuchet token create|list|revoke}: API tokens for CI and automation (the action ManageTokens). */
@Command(
        name = "token",
        description = "Create, list and revoke API tokens for CI and automation (needs the ManageTokens action).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footer = {
            "",
            "Examples:",
            "  trebuchet token create github-ci --role ci --expires-in 90d",
            "  trebuchet token create payments-ci --role developer --team payments",
            "  trebuchet token list",
            "  trebuchet token revoke github-ci"
        })
final class TokenCommand {
    @Mixin
    HelpOption help;

    private TokenCommand() {}

    /** {@code token create}. */
    @Command(
            name = "create",
            description = "Create an API token. Its secret is printed once, on standard output, and kept nowhere"
                    + " (the server stores only its hash).",
            footer = {"", "Examples:", "  TOKEN=$(trebuchet token create github-ci --role ci --expires-in 90d)"})
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case letters, digits and dashes.")
        String name;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "A role of the RBAC policy (repeat for several): the token may do what the role may.")
        List<String> roles;

        @Option(
                names = "--team",
                paramLabel = "TEAM",
                description = "Limit the token to the applications of this team (repeat for several; '*' for all).")
        List<String> teams;

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                description = "When the token stops working, e.g. 90d or 12h (default: never).")
        String expiresIn;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("name", name);
            request.put("roles", roles);
            Optional.ofNullable(teams).ifPresent(list -> request.put("teams", list));
            Optional.ofNullable(expiresIn).ifPresent(expiry -> request.put("expiresIn", expiry));
            JsonNode created = client.postJson("/api/v1/tokens", request);
            if (output.isJson()) {
                output.json(created);
                return Main.EXIT_OK;
            }
            output.line(created.path("secret").asText());
            output.error("Created API token '%s' with roles %s. Its secret is above and is shown only this once."
                    .formatted(name, String.join(", ", roles)));
            return Main.EXIT_OK;
        }
    }

    /** {@code token list}. */
    @Command(
            name = "list",
            description = "List API tokens, revoked ones too, without their secrets.",
            footer = {"", "Examples:", "  trebuchet token list", "  trebuchet token list --output json"})
    static final class ListTokens extends ClientCommand {
        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.get("/api/v1/tokens");
            if (output.isJson()) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode token : answer.path("tokens")) {
                rows.add(List.of(
                        token.path("name").asText(),
                        join(token.path("roles")),
                        token.path("teams").isArray() ? join(token.path("teams")) : "-",
                        token.path("createdBy").asText(),
                        Output.time(token.path("createdAt")),
                        Output.time(token.path("expiresAt")),
                        Output.time(token.path("lastUsedAt")),
                        token.path("revokedAt").isTextual()
                                ? "revoked " + Output.time(token.path("revokedAt"))
                                : "active"));
            }
            output.table(
                    List.of("NAME", "ROLES", "TEAMS", "CREATED BY", "CREATED", "EXPIRES", "LAST USED", "STATE"), rows);
            return Main.EXIT_OK;
        }

        private static String join(JsonNode values) {
            List<String> texts = new ArrayList<>();
            values.forEach(value -> texts.add(value.asText()));
            texts.sort(String::compareTo);
            return texts.isEmpty() ? "-" : String.join(",", texts);
        }
    }

    /** {@code token revoke}. */
    @Command(
            name = "revoke",
            description = "Revoke an API token: it stops working at once. Its name stays taken.",
            footer = {"", "Examples:", "  trebuchet token revoke github-ci"})
    static final class Revoke extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.delete(TrebuchetClient.path("api", "v1", "tokens", name));
            if (output.isJson()) {
                output.json(answer);
            } else {
                output.line("Revoked API token '%s'.".formatted(name));
            }
            return Main.EXIT_OK;
        }
    }
}
