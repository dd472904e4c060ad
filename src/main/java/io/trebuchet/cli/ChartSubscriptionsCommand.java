package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code trebuchet chart-subscriptions list|scan}: chart subscriptions and their scans. */
@Command(
        name = "chart-subscriptions",
        description = "List chart subscriptions with what their last scan found and did, or scan one now.",
        subcommands = {
            ChartSubscriptionsCommand.ChartSubscriptionsList.class,
            ChartSubscriptionsCommand.ChartSubscriptionsScan.class
        },
        footer = {
            "",
            "Examples:",
            "  trebuchet chart-subscriptions list",
            "  trebuchet chart-subscriptions scan mapserver",
            "  trebuchet chart-subscriptions scan mapserver chart --output json"
        })
final class ChartSubscriptionsCommand {
    @Mixin
    HelpOption help;

    private ChartSubscriptionsCommand() {}

    /** {@code chart-subscriptions list}. */
    @Command(
            name = "list",
            description = "List every chart subscription: its chart and range, the chart version released last and"
                    + " its release, the newest version in range, and the last error or what the last scan did.",
            footer = {
                "",
                "Examples:",
                "  trebuchet chart-subscriptions list",
                "  trebuchet chart-subscriptions list --output json"
            })
    static final class ChartSubscriptionsList extends ClientCommand {
        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.get("/api/v1/chart-subscriptions");
            if (output.isJson()) {
                output.json(answer);
                return Main.EXIT_OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode subscription : answer.path("chartSubscriptions")) {
                rows.add(row(subscription));
            }
            output.table(
                    List.of(
                            "APPLICATION",
                            "SUBSCRIPTION",
                            "CHART",
                            "RANGE",
                            "RELEASED",
                            "VERSION",
                            "NEWEST",
                            "LAST SCAN"),
                    rows);
            return Main.EXIT_OK;
        }
    }

    /** {@code chart-subscriptions scan}. */
    @Command(
            name = "scan",
            description = "Scan a chart subscription now: a new version in range becomes a chart release and is"
                    + " deployed as any release. Exits 1 when the scan failed (its error is shown).",
            footer = {
                "",
                "Examples:",
                "  trebuchet chart-subscriptions scan mapserver",
                "  trebuchet chart-subscriptions scan mapserver chart --output json"
            })
    static final class ChartSubscriptionsScan extends ClientCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "Application.")
        String application;

        @Parameters(
                index = "1",
                paramLabel = "SUBSCRIPTION",
                defaultValue = "chart",
                description = "Chart subscription (default chart).")
        String subscription;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            JsonNode answer = client.post(TrebuchetClient.path(
                    "api",
                    "v1",
                    "applications",
                    AppName.of(application).value(),
                    "chart-subscriptions",
                    subscription,
                    "scan"));
            JsonNode scan = answer.path("scan");
            if (output.isJson()) {
                output.json(answer);
            } else if (scan.has("lastError")) {
                output.line("Scan of %s/%s failed: %s"
                        .formatted(
                                application,
                                subscription,
                                scan.path("lastError").asText()));
            } else {
                output.line("%s/%s: %s".formatted(application, subscription, lastScan(scan)));
            }
            return scan.has("lastError") ? Main.EXIT_REFUSED : Main.EXIT_OK;
        }
    }

    private static List<String> row(JsonNode subscription) {
        JsonNode scan = subscription.path("scan");
        String chart = subscription.has("repository")
                ? subscription.path("repository").asText() + " "
                        + subscription.path("chart").asText()
                : subscription.path("chart").asText();
        return List.of(
                subscription.path("application").asText(),
                subscription.path("name").asText(),
                chart,
                subscription.path("version").asText()
                        + (subscription.path("preReleases").asBoolean() ? " (pre-releases)" : ""),
                scan.path("releasedChartVersion").asText("-"),
                scan.has("releasedVersion") ? scan.path("releasedVersion").asText() : "-",
                scan.path("newestChartVersion").asText("-"),
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
