package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.trebuchet.api.Accepts;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.core.Yaml;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.values.TemplateReleaseRequest;
import io.trebuchet.values.TemplateReleaseService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Chart routes: {@code POST /api/v1/applications/{app}/chart-releases} (multipart: the chart as an uploaded archive, or
 * as a reference with {@code chart_version}, optional {@code repository} and {@code values}, and the fields of every
 * release), {@code POST /api/v1/applications/{app}/releases} (rendered from the application's declared chart or its
 * template), and what a release was rendered from.
 */
public final class ChartResource implements HttpResource {
    private final ChartReleaseService releases;
    private final TemplateReleaseService templateReleases;

    public ChartResource(ChartReleaseService releases, TemplateReleaseService templateReleases) {
        this.releases = requireNonNull(releases, "releases is null");
        this.templateReleases = requireNonNull(templateReleases, "templateReleases is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        Accepts.MULTIPART.post(routes, "/api/v1/applications/{app}/chart-releases", this::release);
        routes.get("/api/v1/applications/{app}/releases/{version}/chart", this::chart);
        routes.post("/api/v1/applications/{app}/releases", this::releaseDeclared);
    }

    /**
     * A release without manifests: rendered from the chart the application declares, when it declares one, otherwise
     * from its template. The route lives here, not beside the templates in the values package, because only this
     * package may know both: charts depend on values, never the other way round.
     */
    private void releaseDeclared(Context context) {
        DeclaredChartRelease request = Requests.body(context, DeclaredChartRelease.class, "release");
        Optional<ChartReleaseOutcome> charted =
                releases.releaseDeclared(Requests.application(context), request, Requests.actor(context));
        if (charted.isPresent()) {
            respond(context, charted.get());
            return;
        }
        if (!request.values().isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "values go with a chart, and application %s declares none; give a template's values as parameters"
                            .formatted(Requests.application(context)),
                    Map.of("field", "values"));
        }
        ReleaseOutcome outcome = templateReleases.release(
                Requests.application(context),
                new TemplateReleaseRequest(
                        request.version(),
                        request.parameters(),
                        request.sourceCommitId(),
                        request.sourceAuthor(),
                        request.sourceMessage(),
                        request.displayVersion(),
                        request.ciLink()),
                Requests.actor(context));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", outcome.release().application());
        body.put("version", outcome.release().version());
        body.put("status", outcome.created() ? "created" : "unchanged");
        body.put("environments", outcome.release().manifests().keySet());
        body.put("autoDeployments", outcome.autoDeployments());
        context.status(outcome.created() ? 201 : 200).json(body);
    }

    private void release(Context context) {
        ChartReleaseRequest request = request(context);
        respond(context, releases.release(Requests.application(context), request, Requests.actor(context)));
    }

    private static void respond(Context context, ChartReleaseOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", outcome.release().release().application());
        body.put("version", outcome.release().release().version());
        body.put("status", outcome.release().created() ? "created" : "unchanged");
        body.put("environments", outcome.release().release().manifests().keySet());
        body.put("chart", chartView(outcome.chart()));
        body.put("findings", outcome.findings());
        body.put("autoDeployments", outcome.release().autoDeployments());
        context.status(outcome.release().created() ? 201 : 200).json(body);
    }

    private void chart(Context context) {
        Version version = Requests.version(context);
        ChartRelease chart = releases.find(Requests.application(context), version)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "release %s of %s was not rendered from a chart"
                                .formatted(version, Requests.application(context)),
                        Map.of("version", version.value())));
        Map<String, Object> body = chartView(chart);
        body.put("values", chart.values());
        context.json(body);
    }

    private static Map<String, Object> chartView(ChartRelease chart) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", chart.source());
        view.put("reference", chart.reference());
        view.put("name", chart.chartName());
        view.put("version", chart.chartVersion());
        chart.appVersion().ifPresent(appVersion -> view.put("appVersion", appVersion));
        view.put("digest", chart.digest());
        return view;
    }

    private static ChartReleaseRequest request(Context context) {
        Optional<UploadedFile> upload = Optional.ofNullable(context.uploadedFile("chart"));
        Optional<ChartVersion> chartVersion = text(context, "chart_version").map(ChartVersion::parse);
        ChartSource source;
        if (upload.isPresent()) {
            if (text(context, "repository").isPresent()) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_CHART,
                        "repository is given with an uploaded chart archive; give one or the other",
                        Map.of("field", "repository"));
            }
            source = new ChartSource.Upload(ChartArchive.read(bytes(upload.get())), chartVersion);
        } else {
            String reference = text(context, "chart")
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.INVALID_CHART,
                            "a chart release needs the chart: an archive uploaded as 'chart', or a reference"
                                    + " (oci://registry/path/name, or a name with 'repository')",
                            Map.of("field", "chart")));
            source = new ChartSource.Remote(
                    ChartReference.parse(reference, text(context, "repository")),
                    chartVersion.orElseThrow(() -> new TrebuchetException(
                            ErrorCode.INVALID_CHART,
                            "chart_version is missing: a chart reference needs an exact version",
                            Map.of("field", "chart_version"))));
        }
        return new ChartReleaseRequest(
                source,
                values(context),
                text(context, "version").map(Version::parse),
                text(context, "source_commit_id"),
                text(context, "source_author"),
                text(context, "source_message"),
                text(context, "display_version"),
                text(context, "ci_link"));
    }

    private static Map<String, Object> values(Context context) {
        Optional<String> text = text(context, "values");
        if (text.isEmpty() || text.get().isBlank()) {
            return Map.of();
        }
        List<Object> documents;
        try {
            documents = Yaml.load(text.get(), Yaml.settings("values").build(), "values");
        } catch (YamlEngineException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_VALUES,
                    "values are not valid YAML: " + e.getMessage(),
                    Map.of("field", "values"));
        }
        if (documents.size() != 1 || !(documents.getFirst() instanceof Map<?, ?> map)) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_VALUES, "values must be one YAML mapping", Map.of("field", "values"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        map.forEach((key, value) -> values.put(String.valueOf(key), value));
        return values;
    }

    /** A text field, sent as a form field or as a file part; empty fields count as absent. */
    private static Optional<String> text(Context context, String name) {
        String field = context.formParam(name);
        if (field != null) {
            return field.isEmpty() ? Optional.empty() : Optional.of(field);
        }
        UploadedFile file = context.uploadedFile(name);
        if (file == null) {
            return Optional.empty();
        }
        String content = new String(bytes(file), StandardCharsets.UTF_8);
        return content.isEmpty() ? Optional.empty() : Optional.of(content);
    }

    private static byte[] bytes(UploadedFile file) {
        if (file.size() > DocumentLimits.MAX_CHART_ARCHIVE_BYTES) {
            throw new TrebuchetException(
                    ErrorCode.CHART_TOO_LARGE,
                    "form field '%s' has %d bytes; at most %d are allowed"
                            .formatted(file.filename(), file.size(), DocumentLimits.MAX_CHART_ARCHIVE_BYTES),
                    Map.of("maximum", DocumentLimits.MAX_CHART_ARCHIVE_BYTES));
        }
        try (InputStream content = file.content()) {
            return content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded form field " + file.filename(), e);
        }
    }
}
