package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.config.Platform;
import io.trebuchet.config.PlatformDirectory;
import io.trebuchet.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The base of {@code apply} and {@code diff}: reads the platform directory and checks it here, naming file, line and
 * field of every problem, before it sends anything; prints plans.
 */
abstract class PlatformCommand extends ClientCommand {
    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "DIR",
            description = "Platform directory: platform.yaml, environments/*.yaml, applications/*.yaml.")
    Path directory;

    @Option(
            names = "--prune",
            description = "Also delete environments and applications that the directory does not declare.")
    boolean prune;

    /** The platform, checked; a directory that is not a platform directory is a usage error. */
    protected final Platform platform() {
        if (!Files.isDirectory(directory)) {
            throw usage("%s is not a directory".formatted(directory));
        }
        if (!PlatformDirectory.isPlatformDirectory(directory)) {
            throw usage("%s is not a platform directory: it has no %s"
                    .formatted(directory, PlatformDirectory.SETTINGS_FILE));
        }
        return PlatformDirectory.read(directory);
    }

    protected final String endpoint(String action) {
        return "/api/v1/config/" + action + (prune ? "?prune=true" : "");
    }

    /**
     * One line per change ({@code +} create, {@code ~} update, {@code -} delete), with the fields it sets indented
     * below it when {@code withFields}.
     */
    protected static List<String> describe(JsonNode plan, boolean withFields) {
        List<String> lines = new ArrayList<>();
        for (JsonNode change : plan.path("changes")) {
            String action = change.path("action").asText();
            String sign = switch (action) {
                case "create" -> "+";
                case "delete" -> "-";
                default -> "~";
            };
            String note = change.has("note") ? " (" + change.path("note").asText() + ")" : "";
            lines.add("%s %s %s%s"
                    .formatted(
                            sign,
                            change.path("kind").asText(),
                            change.path("name").asText(),
                            note));
            if (!withFields || action.equals("delete")) {
                continue;
            }
            for (JsonNode field : change.path("fields")) {
                String path = field.path("path").asText();
                if (action.equals("create")) {
                    lines.add("    %s: %s".formatted(path, Json.write(field.path("after"))));
                } else {
                    lines.add("    %s: %s -> %s"
                            .formatted(path, value(field.path("before")), value(field.path("after"))));
                }
            }
        }
        return lines;
    }

    /** Whether the server has more than the directory declares (kept, since the plan does not prune). */
    protected static boolean hasUndeclared(JsonNode plan) {
        return !plan.path("undeclared").path("environments").isEmpty()
                || !plan.path("undeclared").path("applications").isEmpty();
    }

    /** What the server has that the directory does not declare, when not pruning. */
    protected final List<String> undeclared(JsonNode plan) {
        List<String> names = new ArrayList<>();
        plan.path("undeclared").path("environments").forEach(name -> names.add("environment " + name.asText()));
        plan.path("undeclared").path("applications").forEach(name -> names.add("application " + name.asText()));
        if (names.isEmpty()) {
            return List.of();
        }
        return List.of("Not in %s, kept (--prune deletes them): %s".formatted(directory, String.join(", ", names)));
    }

    private static String value(JsonNode node) {
        return node.isMissingNode() ? "(none)" : Json.write(node);
    }
}
