package io.trebuchet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.chart.ChartArchive;
import io.trebuchet.chart.ChartDirectory;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ManifestDiff;
import io.trebuchet.release.ReleaseRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trebuchet release}: Kuberpult's client's release command, with a dry run. */
@Command(
        name = "release",
        description = {
            "Create a release: one version of an application with a manifest per environment.",
            "Takes the flags of Kuberpult's client (kuberpult-client release ...), so a CI job switches by changing"
                    + " the binary's name. The release is checked here before it is sent; --dry-run sends nothing"
                    + " and prints, per environment, the diff against the application's latest release."
        },
        sortOptions = false,
        footer = {
            "",
            "Examples:",
            "  trebuchet release --application cart --team payments \\",
            "      --environment dev --manifest manifests/dev.yaml \\",
            "      --environment staging --manifest manifests/staging.yaml \\",
            "      --source_commit_id $(git rev-parse HEAD) --display_version v1.4.2",
            "  trebuchet release --application cart --environment dev --manifest dev.yaml --dry-run",
            "  trebuchet release --application cart --version 42 --environment dev --manifest dev.yaml --output json",
            "  trebuchet release --application tiles --parameter image.tag=2.4.1   # rendered from its template",
            "  trebuchet release --application mapserver --chart mapserver-1.4.2.tgz --values values.yaml",
            "  trebuchet release --application mapserver --chart charts/mapserver   # a chart directory, packed here",
            "  trebuchet release --application apiserver --values values.yaml   # its declared chart",
            "  trebuchet release --application mapserver --chart oci://registry.example.com/charts/mapserver \\",
            "      --chart-version 1.4.2",
            "  trebuchet release --application mapserver --chart mapserver \\",
            "      --repository https://charts.example.com --chart-version 1.4.2"
        })
final class ReleaseCommand extends ClientCommand {
    @Option(names = "--application", required = true, paramLabel = "APP", description = "Application name.")
    String application;

    @ArgGroup(exclusive = false, multiplicity = "0..*", heading = "Manifests (repeat per environment):%n")
    List<Target> targets;

    @Option(
            names = {"--parameter", "-p"},
            paramLabel = "NAME=VALUE",
            description = "Instead of manifests: a parameter for the application's template (repeatable), e.g."
                    + " image.tag=2.4.1; the server renders the template for each of its environments.")
    List<String> parameters;

    @Option(
            names = "--chart",
            paramLabel = "CHART",
            description = "Instead of manifests: a Helm chart, as a chart directory (packed here as helm package"
                    + " does) or a packaged archive (helm package's .tgz), sent with the release; or an OCI reference (oci://registry/path/name) or a chart name with --repository;"
                    + " the server renders it for each of the application's environments (docs/helm.md).")
    String chart;

    @Option(
            names = "--chart-version",
            paramLabel = "VERSION",
            description = "The chart's exact version (e.g. 1.4.2); required for a reference, checked for an archive.")
    String chartVersion;

    @Option(
            names = "--repository",
            paramLabel = "URL",
            description = "The chart repository (serving index.yaml) of a chart named by --chart NAME.")
    String repository;

    @Option(
            names = "--values",
            paramLabel = "FILE",
            description = "The release's own chart values (YAML), merged over the application's layers of values: with"
                    + " --chart, or without it for an application that declares its chart (platform file, chart:).")
    Path valuesFile;

    @Option(names = "--team", paramLabel = "TEAM", description = "Team owning the application.")
    String team;

    @Option(
            names = {"--source_commit_id", "--source-commit-id"},
            paramLabel = "COMMIT",
            description = "Git commit the release was built from (7 to 40 hex characters).")
    String sourceCommitId;

    @Option(
            names = {"--source_author", "--source-author"},
            paramLabel = "AUTHOR",
            description = "Author of the source commit.")
    String sourceAuthor;

    @Option(
            names = {"--source_message", "--source-message"},
            paramLabel = "MESSAGE",
            description = "Message of the source commit.")
    String sourceMessage;

    @Option(
            names = "--version",
            paramLabel = "N",
            description = "Release version (a positive integer); the next free one when absent.")
    String version;

    @Option(
            names = {"--display_version", "--display-version"},
            paramLabel = "TEXT",
            description = "Version shown to people, at most 15 characters (e.g. v1.4.2).")
    String displayVersion;

    @Option(
            names = {"--ci_link", "--ci-link"},
            paramLabel = "URL",
            description = "Link to the CI run that built the release.")
    String ciLink;

    @Option(
            names = {"--previous_commit_id", "--previous-commit-id"},
            paramLabel = "COMMIT",
            description =
                    "Git commit of the previous release (Kuberpult's flag; sent along, needs --source_commit_id).")
    String previousCommitId;

    @Option(
            names = {"--skip_signatures", "--skip-signatures"},
            arity = "0..1",
            paramLabel = "true|false",
            description = "Kuberpult's flag: send no signatures (the default here; --signature is then refused).")
    boolean skipSignatures;

    @Option(
            names = "--revision",
            paramLabel = "N",
            description = "Kuberpult's release revision: sent as given; the server refuses it (UNSUPPORTED_OPTION), as"
                    + " Kuberpult does unless revisions are enabled.")
    String revision;

    @Option(
            names = "--prepublish",
            arity = "0..1",
            paramLabel = "true|false",
            description =
                    "Kuberpult's prepublished release: sent as given; the server refuses it (UNSUPPORTED_OPTION).")
    boolean prepublish;

    @Option(
            names = "--use_dex_auth",
            arity = "0..1",
            paramLabel = "true|false",
            description = "Kuberpult's flag to send the release to /api/release with a token: always so here (the"
                    + " token comes from --token, TREBUCHET_TOKEN or 'trebuchet login').")
    boolean useDexAuth;

    @Option(
            names = "--dry-run",
            description = "Send nothing; print the diff of each manifest against the latest release.")
    boolean dryRun;

    /** One {@code --environment E --manifest FILE [--signature FILE]} triple. */
    static final class Target {
        @Option(names = "--environment", required = true, paramLabel = "ENV", description = "Environment.")
        String environment;

        @Option(
                names = "--manifest",
                required = true,
                paramLabel = "FILE",
                description = "Manifest file for that environment (YAML, several documents allowed).")
        Path manifest;

        @Option(names = "--signature", paramLabel = "FILE", description = "Detached signature of that manifest.")
        Path signature;
    }

    @Override
    protected int run(TrebuchetClient client, Output output) {
        boolean withManifests = targets != null && !targets.isEmpty();
        boolean withParameters = parameters != null && !parameters.isEmpty();
        boolean withChart = chart != null;
        // --values alone is a release of the chart the application declares, as --parameter is of its template.
        boolean declared = withParameters || (valuesFile != null && !withChart && !withManifests);
        if ((withManifests ? 1 : 0) + (declared ? 1 : 0) + (withChart ? 1 : 0) != 1) {
            throw usage("give --environment/--manifest pairs, --parameter NAME=VALUE or --values FILE for an"
                    + " application with a template or chart, or --chart for a Helm chart: one of the three");
        }
        if (!withChart && (chartVersion != null || repository != null)) {
            throw usage("--chart-version and --repository go with --chart");
        }
        if (withManifests && valuesFile != null) {
            throw usage("--values goes with --chart, or with an application that declares its chart");
        }
        if (withChart) {
            return releaseChart(client, output);
        }
        if (declared) {
            return releaseParameters(client, output);
        }
        ReleaseRequest request = request();
        if (dryRun) {
            return dryRun(client, output, request);
        }
        TrebuchetClient.Multipart form = new TrebuchetClient.Multipart().field("application", application);
        for (Target target : targets) {
            form.file(
                    "manifests[" + target.environment + "]",
                    target.manifest.getFileName().toString(),
                    request.manifests().get(EnvName.of(target.environment)).content());
            if (target.signature != null) {
                form.file(
                        "signatures[" + target.environment + "]",
                        target.signature.getFileName().toString(),
                        readText(target.signature, "signature"));
            }
        }
        optional(team).ifPresent(value -> form.field("team", value));
        optional(sourceCommitId).ifPresent(value -> form.field("source_commit_id", value));
        optional(sourceAuthor).ifPresent(value -> form.field("source_author", value));
        Optional.ofNullable(sourceMessage).ifPresent(value -> form.field("source_message", value));
        optional(version).ifPresent(value -> form.field("version", value));
        optional(displayVersion).ifPresent(value -> form.field("display_version", value));
        optional(ciLink).ifPresent(value -> form.field("ci_link", value));
        if (previousCommitId != null && sourceCommitId == null) {
            throw usage("--previous_commit_id can only be given with --source_commit_id");
        }
        optional(previousCommitId).ifPresent(value -> form.field("previous_commit_id", value));
        optional(revision).ifPresent(value -> form.field("revision", value));
        if (prepublish) {
            form.field("is_prepublish", "true");
        }
        return report(output, client.postMultipart("/api/release", form));
    }

    /**
     * A release that carries parameters or values: the server renders the application's template, or the chart it
     * declares.
     */
    private int releaseParameters(TrebuchetClient client, Output output) {
        if (dryRun || team != null || skipSignatures) {
            throw usage("--dry-run, --team and --skip_signatures go with manifests, not with --parameter or --values");
        }
        AppName name = AppName.of(application);
        Map<String, Object> values = new TreeMap<>();
        for (String parameter : parameters == null ? List.<String>of() : parameters) {
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw usage("--parameter takes NAME=VALUE, got '%s'".formatted(parameter));
            }
            values.put(parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        optional(version)
                .ifPresent(value -> body.put("version", Version.parse(value).value()));
        body.put("parameters", values);
        if (valuesFile != null) {
            body.put("values", valuesMapping(readText(valuesFile, "values")));
        }
        optional(sourceCommitId).ifPresent(value -> body.put("sourceCommitId", value));
        optional(sourceAuthor).ifPresent(value -> body.put("sourceAuthor", value));
        Optional.ofNullable(sourceMessage).ifPresent(value -> body.put("sourceMessage", value));
        optional(displayVersion).ifPresent(value -> body.put("displayVersion", value));
        optional(ciLink).ifPresent(value -> body.put("ciLink", value));
        return report(output, client.postJson("/api/v1/applications/" + name + "/releases", body));
    }

    /** A release from a Helm chart: an archive is sent along, a reference is sent for the server to fetch. */
    private int releaseChart(TrebuchetClient client, Output output) {
        if (dryRun || team != null || skipSignatures) {
            throw usage("--dry-run, --team and --skip_signatures go with manifests, not with --chart");
        }
        AppName name = AppName.of(application);
        TrebuchetClient.Multipart form = new TrebuchetClient.Multipart();
        boolean reference = chart.startsWith("oci://") || repository != null;
        if (reference) {
            if (chartVersion == null) {
                throw usage("--chart-version is required with a chart reference");
            }
            form.field("chart", chart);
            optional(repository).ifPresent(value -> form.field("repository", value));
        } else {
            Path archive = Path.of(chart);
            if (java.nio.file.Files.isDirectory(archive)) {
                if (!ChartDirectory.isChart(archive)) {
                    throw usage("--chart %s is a directory without a Chart.yaml: give a chart directory, a chart"
                                    .formatted(chart)
                            + " archive (helm package's .tgz) or a reference (oci://..., or a name with --repository)");
                }
                ChartArchive packed = ChartDirectory.pack(archive);
                form.file("chart", "%s-%s.tgz".formatted(packed.name(), packed.version()), packed.bytes());
            } else if (java.nio.file.Files.isRegularFile(archive)) {
                form.file("chart", archive.getFileName().toString(), readBytes(archive));
            } else {
                throw usage("--chart %s is neither a chart directory, a chart archive file (helm package's .tgz) nor"
                                .formatted(chart)
                        + " a reference (oci://..., or a name with --repository)");
            }
        }
        optional(chartVersion).ifPresent(value -> form.field("chart_version", value));
        if (valuesFile != null) {
            form.file("values", valuesFile.getFileName().toString(), readText(valuesFile, "values"));
        }
        optional(version)
                .ifPresent(value ->
                        form.field("version", Long.toString(Version.parse(value).value())));
        optional(sourceCommitId).ifPresent(value -> form.field("source_commit_id", value));
        optional(sourceAuthor).ifPresent(value -> form.field("source_author", value));
        Optional.ofNullable(sourceMessage).ifPresent(value -> form.field("source_message", value));
        optional(displayVersion).ifPresent(value -> form.field("display_version", value));
        optional(ciLink).ifPresent(value -> form.field("ci_link", value));
        JsonNode answer = client.postMultipart("/api/v1/applications/" + name + "/chart-releases", form);
        return report(output, answer);
    }

    /** The chart a release was rendered from, and the findings of the chart practices per environment. */
    private static void describeChart(Output output, JsonNode answer) {
        JsonNode rendered = answer.path("chart");
        output.line("Rendered chart %s %s (%s)."
                .formatted(
                        rendered.path("name").asText(),
                        rendered.path("version").asText(),
                        rendered.path("digest").asText()));
        answer.path("findings")
                .properties()
                .forEach(entry -> entry.getValue()
                        .forEach(finding -> output.line("%s: %s %s: %s (%s, at %s)"
                                .formatted(
                                        entry.getKey(),
                                        finding.path("severity").asText(),
                                        finding.path("name").asText(),
                                        finding.path("message").asText(),
                                        finding.path("rule").asText(),
                                        finding.path("path").asText()))));
    }

    private Map<String, Object> valuesMapping(String text) {
        if (text.isBlank()) {
            return Map.of();
        }
        List<Object> documents;
        try {
            documents = io.trebuchet.core.Yaml.load(
                    text, io.trebuchet.core.Yaml.settings(valuesFile.toString()).build(), valuesFile.toString());
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw usage("--values %s is not valid YAML: %s".formatted(valuesFile, e.getMessage()));
        }
        if (documents.size() != 1 || !(documents.getFirst() instanceof Map<?, ?> map)) {
            throw usage("--values %s must hold one YAML mapping".formatted(valuesFile));
        }
        Map<String, Object> mapping = new LinkedHashMap<>();
        map.forEach((key, value) -> mapping.put(String.valueOf(key), value));
        return mapping;
    }

    private byte[] readBytes(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw usage("cannot read the chart archive %s: %s".formatted(file, e.getMessage()));
        }
    }

    private int report(Output output, JsonNode answer) {
        if (output.isJson()) {
            output.json(answer);
            return Main.EXIT_OK;
        }
        if (answer.has("chart")) {
            describeChart(output, answer);
        }
        String created = answer.path("status").asText().equals("created") ? "Created" : "Unchanged";
        output.line(
                "%s release %d of %s.".formatted(created, answer.path("version").asLong(), application));
        for (JsonNode step : answer.path("autoDeployments")) {
            String environment = step.path("environment").asText();
            output.line(
                    switch (step.path("status").asText()) {
                        case "deployed" -> "Deployed to %s (its upstream is latest).".formatted(environment);
                        case "queued" ->
                            "Queued in %s, not deployed: %s."
                                    .formatted(environment, step.path("reason").asText());
                        default ->
                            "Not deployed to %s: %s."
                                    .formatted(environment, step.path("reason").asText());
                    });
        }
        for (JsonNode warning : answer.path("warnings")) {
            output.line("Warning: " + warning.asText() + ".");
        }
        return Main.EXIT_OK;
    }

    /** The release as the server will see it, checked here: names, formats and every manifest's YAML. */
    private ReleaseRequest request() {
        if (skipSignatures && targets.stream().anyMatch(target -> target.signature != null)) {
            throw usage("--signature is not allowed with --skip_signatures");
        }
        Map<EnvName, Manifest> manifests = new LinkedHashMap<>();
        for (Target target : targets) {
            EnvName environment = EnvName.of(target.environment);
            if (manifests.containsKey(environment)) {
                throw usage("--environment %s is given twice".formatted(environment));
            }
            manifests.put(environment, Manifest.of(readText(target.manifest, "manifest")));
        }
        return new ReleaseRequest(
                AppName.of(application),
                optional(version).map(Version::parse),
                manifests,
                optional(team).map(TeamName::of),
                optional(sourceCommitId),
                optional(sourceAuthor),
                Optional.ofNullable(sourceMessage),
                optional(displayVersion),
                optional(ciLink));
    }

    private int dryRun(TrebuchetClient client, Output output, ReleaseRequest request) {
        Optional<JsonNode> latest = latestRelease(client);
        Map<String, String> before = new TreeMap<>();
        latest.ifPresent(release -> release.path("manifests")
                .properties()
                .forEach(entry -> before.put(entry.getKey(), entry.getValue().asText())));
        String base = latest.map(
                        release -> application + " " + release.path("version").asLong())
                .orElse("(none)");
        // Upstream order, as the server lists environments; names it does not know come last.
        List<String> known = new ArrayList<>();
        client.get("/api/v1/environments")
                .path("environments")
                .forEach(environment -> known.add(environment.path("name").asText()));
        TreeSet<String> named = new TreeSet<>(before.keySet());
        request.manifests().keySet().forEach(environment -> named.add(environment.value()));
        List<String> environments =
                new ArrayList<>(known.stream().filter(named::contains).toList());
        named.stream().filter(name -> !known.contains(name)).forEach(environments::add);

        List<Map<String, Object>> results = new ArrayList<>();
        for (String environment : environments) {
            Optional<String> old = Optional.ofNullable(before.get(environment));
            Optional<String> now = Optional.ofNullable(request.manifests().get(EnvName.of(environment)))
                    .map(Manifest::content);
            String status;
            if (!known.contains(environment)) {
                status = "unknown-environment";
            } else if (old.isEmpty()) {
                status = "added";
            } else if (now.isEmpty()) {
                status = "removed";
            } else {
                status = old.equals(now) ? "unchanged" : "changed";
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("environment", environment);
            result.put("status", status);
            result.put(
                    "diff",
                    ManifestDiff.unified(
                            old.orElse(""),
                            now.orElse(""),
                            "%s/%s".formatted(base, environment),
                            "%s (new)/%s".formatted(application, environment),
                            3));
            results.add(result);
        }
        if (output.isJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("application", application);
            latest.ifPresent(
                    release -> body.put("comparedWith", release.path("version").asLong()));
            body.put("environments", results);
            output.json(body);
            return Main.EXIT_OK;
        }
        output.line(latest.map(release -> "Dry run: nothing was sent. Compared with release %d of %s."
                        .formatted(release.path("version").asLong(), application))
                .orElse("Dry run: nothing was sent. %s has no release yet.".formatted(application)));
        for (Map<String, Object> result : results) {
            String environment = (String) result.get("environment");
            switch ((String) result.get("status")) {
                case "removed" ->
                    output.line("%s: removed (the new release has no manifest for it)".formatted(environment));
                case "unknown-environment" ->
                    output.line("%s: the server has no such environment; it would refuse the release"
                            .formatted(environment));
                default -> {
                    output.line("%s: %s".formatted(environment, result.get("status")));
                    String diff = (String) result.get("diff");
                    if (!diff.isEmpty()) {
                        output.line(diff.stripTrailing());
                    }
                }
            }
        }
        return Main.EXIT_OK;
    }

    private Optional<JsonNode> latestRelease(TrebuchetClient client) {
        JsonNode page;
        try {
            page = client.get(TrebuchetClient.path("api", "v1", "applications", application, "releases") + "?limit=1");
        } catch (CommandFailure failure) {
            if (failure.code().filter("APPLICATION_NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw failure;
        }
        JsonNode releases = page.path("releases");
        if (releases.isEmpty()) {
            return Optional.empty();
        }
        long latest = releases.get(0).path("version").asLong();
        return Optional.of(client.get(
                TrebuchetClient.path("api", "v1", "applications", application, "releases", Long.toString(latest))));
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isEmpty());
    }
}
