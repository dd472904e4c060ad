package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code trebuchet image-sources list|scan}: image automation's sources and their scans. */
@Command(
        name = "image-sources",
        description = "List image sources with what their last scan found and did, or scan one now.",
        subcommands = {ImageSourcesCommand.ImageSourcesList.class, ImageSourcesCommand.ImageSourcesScan.class},
        footer = {
            "",
            "Examples:",
            "  trebuchet image-sources list",
            "  trebuchet image-sources scan geo",
            "  trebuchet image-sources scan geo image --output json"
        })
final class ImageSourcesCommand {
    @Mixin
    HelpOption help;

    private ImageSourcesCommand() {}

    /** {@code image-sources list}. */
    @Command(
            name = "list",
            description = "List every image source: its image, the tag released last and its version, the newest"
                    + " candidate, and the last error or what the last scan did.",
            footer = {"", "Examples:", "  trebuchet image-sources list", "  trebuchet image-sources list --output json"
            })
    static final class ImageSourcesList extends ClientCommand {
        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.get("/api/v1/image-sources");
            if (output.isJson()) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode source : answer.path("imageSources")) {
                rows.add(row(source));
            }
            output.table(List.of("APPLICATION", "SOURCE", "IMAGE", "RELEASED", "VERSION", "NEWEST", "LAST SCAN"), rows);
            return Main.EXIT_OK;
        }
    }

    /** {@code image-sources scan}. */
    @Command(
            name = "scan",
            description = "Scan an image source now: a newly chosen tag becomes a release and is deployed as any"
                    + " release. Exits 1 when the scan failed (its error is shown).",
            footer = {
                "",
                "Examples:",
                "  trebuchet image-sources scan geo",
                "  trebuchet image-sources scan geo image --output json"
            })
    static final class ImageSourcesScan extends ClientCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "Application.")
        String application;

        @Parameters(
                index = "1",
                paramLabel = "SOURCE",
                defaultValue = "image",
                description = "Image source (default image).")
        String source;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.post(TrebuchetClient.path(
                    "api", "v1", "applications", AppName.of(application).value(), "image-sources", source, "scan"));
            JsonNode scan = answer.path("scan");
            if (output.isJson()) {
                output.json(answer);
            } else if (scan.has("lastError")) {
                output.line("Scan of %s/%s failed: %s"
                        .formatted(application, source, scan.path("lastError").asText()));
            } else {
                output.line("%s/%s: %s".formatted(application, source, lastScan(scan)));
            }
            return scan.has("lastError") ? Main.EXIT_REFUSED : Main.EXIT_OK;
        }
    }

    private static List<String> row(JsonNode source) {
        JsonNode scan = source.path("scan");
        return List.of(
                source.path("application").asText(),
                source.path("name").asText(),
                source.path("image").asText(),
                scan.path("releasedTag").asText("-"),
                scan.has("releasedVersion") ? scan.path("releasedVersion").asText() : "-",
                scan.path("newestTag").asText("-"),
                Output.cell(lastScan(scan), 120));
    }

    private static String lastScan(JsonNode scan) {
        if (!scan.has("scannedAt")) {
            return "not scanned yet";
        }
        if (scan.has("lastError")) {
            return "failed: " + scan.path("lastError").asText();
        }
        return scan.path("outcome").asText("no change");
    }
}
