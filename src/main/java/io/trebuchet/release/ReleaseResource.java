package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.trebuchet.api.Accepts;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.Requests;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release routes: Kuberpult's multipart {@code POST /release} and {@code POST /api/release}, exactly as its CI
 * scripts send them, and the native read API for releases.
 */
public final class ReleaseResource implements HttpResource {
    private static final Pattern MANIFEST_FIELD = Pattern.compile("manifests\\[(.*)]");
    private static final Pattern SIGNATURE_FIELD = Pattern.compile("signatures\\[(.*)]");
    private static final Set<String> TEXT_FIELDS = Set.of(
            "application",
            "team",
            "source_commit_id",
            "source_author",
            "source_message",
            "version",
            "display_version",
            "ci_link");

    private final ReleaseService service;
    private final ReleaseIntake intake;

    public ReleaseResource(ReleaseService service, ReleaseIntake intake) {
        this.service = requireNonNull(service, "service is null");
        this.intake = requireNonNull(intake, "intake is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        Accepts.MULTIPART.post(routes, "/release", context -> create(context, Endpoint.LEGACY));
        Accepts.MULTIPART.post(routes, "/api/release", context -> create(context, Endpoint.API));
        routes.get("/api/v1/applications/{app}/releases", this::list);
        // Kuberpult's manifests of a release, by number or "latest", as its client's release --dry-run reads them.
        routes.get("/api/application/{app}/release/manifests/{release}", this::kuberpultManifests);
        routes.get(
                "/api/v1/applications/{app}/releases/{version}",
                context -> context.json(ReleaseView.of(
                        service.release(Requests.application(context), Requests.version(context)), true)));
    }

    private void create(Context context, Endpoint endpoint) {
        ReleaseRequest request = Form.read(context, endpoint).request();
        ReleaseSignatures.check(
                Requests.signatures(context), request, environment -> Requests.signatureNames(context, environment));
        Actor actor = Requests.actor(context);
        ReleaseOutcome outcome = intake.release(request, actor);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", outcome.release().application());
        body.put("version", outcome.release().version());
        body.put("status", outcome.created() ? "created" : "unchanged");
        body.put("autoDeployments", outcome.autoDeployments());
        if (!outcome.warnings().isEmpty()) {
            body.put("warnings", outcome.warnings());
        }
        context.status(outcome.created() ? 201 : 200).json(body);
    }

    private void kuberpultManifests(Context context) {
        AppName application = Requests.application(context);
        String number = context.pathParam("release");
        Release release = number.equals("latest")
                ? service.releases(application, Optional.empty(), 1).stream()
                        .findFirst()
                        .orElseThrow(() -> new TrebuchetException(
                                ErrorCode.RELEASE_NOT_FOUND,
                                "application %s has no releases".formatted(application),
                                Map.of("application", application.value())))
                : service.release(application, Version.parse(number));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", release.version().value());
        release.sourceCommitId().ifPresent(value -> summary.put("sourceCommitId", value));
        release.sourceAuthor().ifPresent(value -> summary.put("sourceAuthor", value));
        release.sourceMessage().ifPresent(value -> summary.put("sourceMessage", value));
        release.displayVersion().ifPresent(value -> summary.put("displayVersion", value));
        release.ciLink().ifPresent(value -> summary.put("ciLink", value));
        summary.put("createdAt", release.createdAt());
        summary.put(
                "environments",
                release.manifests().keySet().stream()
                        .map(EnvName::value)
                        .sorted()
                        .toList());
        Map<String, Object> manifests = new LinkedHashMap<>();
        release.manifests()
                .forEach((environment, manifest) -> manifests.put(
                        environment.value(),
                        Map.of("environment", environment.value(), "content", manifest.content())));
        context.json(Map.of("release", summary, "manifests", manifests));
    }

    private void list(Context context) {

        AppName application = Requests.application(context);
        Optional<Version> before = Requests.query(context, "before").map(Version::parse);
        int limit = Requests.queryInt(context, "limit", 20);
        List<ReleaseView> releases = service.releases(application, before, limit).stream()
                .map(release -> ReleaseView.of(release, false))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releases", releases);
        if (releases.size() == limit) {
            body.put("nextBefore", releases.getLast().version());
        }
        context.json(body);
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "form field '%s' is given %d times; give it once".formatted(name, values.size()),
                    Map.of("field", name));
        }
        return values.getFirst();
    }

    /** Kuberpult's two release routes, which read the same form with different rules. */
    enum Endpoint {
        /** {@code POST /release}: drops a malformed commit id or author, ignores unknown text fields. */
        LEGACY,
        /** {@code POST /api/release}: checks every field it knows, ignores unknown text fields. */
        API
    }

    /** A release as the API shows it; manifests only when one release is asked for. */
    record ReleaseView(
            AppName application,
            Version version,
            Optional<String> displayVersion,
            Optional<TeamName> team,
            Optional<String> sourceCommitId,
            Optional<String> sourceAuthor,
            Optional<String> sourceMessage,
            Optional<String> ciLink,
            Instant createdAt,
            Actor createdBy,
            Set<EnvName> environments,
            Optional<Map<EnvName, String>> manifests) {
        static ReleaseView of(Release release, boolean withManifests) {
            Map<EnvName, String> manifests = new LinkedHashMap<>();
            release.manifests().forEach((environment, manifest) -> manifests.put(environment, manifest.content()));
            return new ReleaseView(
                    release.application(),
                    release.version(),
                    release.displayVersion(),
                    release.team(),
                    release.sourceCommitId(),
                    release.sourceAuthor(),
                    release.sourceMessage(),
                    release.ciLink(),
                    release.createdAt(),
                    release.createdBy(),
                    release.manifests().keySet(),
                    withManifests ? Optional.of(manifests) : Optional.empty());
        }
    }

    /**
     * The fields of a multipart form (the server refuses other bodies, see {@link Accepts#MULTIPART}). A part with a
     * file name (curl's {@code -F name=@file}) and one without ({@code --form-string name=value}) are read alike; text
     * must be UTF-8.
     */
    record Form(Map<String, List<String>> fields, Set<String> files, Endpoint endpoint) {
        Form {
            fields = Map.copyOf(fields);
            files = Set.copyOf(files);
            requireNonNull(endpoint, "endpoint is null");
        }

        static Form read(Context context, Endpoint endpoint) {
            Map<String, List<String>> fields = new HashMap<>();
            context.formParamMap()
                    .forEach((name, values) -> fields.computeIfAbsent(name, ignored -> new java.util.ArrayList<>())
                            .addAll(values));
            context.uploadedFileMap()
                    .forEach((name, files) ->
                            files.forEach(file -> fields.computeIfAbsent(name, ignored -> new java.util.ArrayList<>())
                                    .add(text(name, file))));
            return new Form(Map.copyOf(fields), context.uploadedFileMap().keySet(), endpoint);
        }

        /** The release the form announces; every field is checked here, without the request or the database. */
        ReleaseRequest request() {
            KuberpultFields.check(this);
            Map<EnvName, String> manifests = new HashMap<>();
            Map<EnvName, String> signatures = new HashMap<>();
            fields.forEach((name, values) -> {
                Matcher manifest = MANIFEST_FIELD.matcher(name);
                Matcher signature = SIGNATURE_FIELD.matcher(name);
                if (manifest.matches()) {
                    manifests.put(EnvName.of(manifest.group(1)), single(name, values));
                } else if (signature.matches()) {
                    signatures.put(EnvName.of(signature.group(1)), single(name, values));
                } else if (TEXT_FIELDS.contains(name)) {
                    single(name, values);
                }
            });
            for (EnvName environment : signatures.keySet()) {
                if (!manifests.containsKey(environment)) {
                    throw new TrebuchetException(
                            ErrorCode.INVALID_REQUEST,
                            "signatures[%s] is given but manifests[%s] is not".formatted(environment, environment),
                            Map.of("field", "signatures[" + environment + "]"));
                }
            }
            Map<EnvName, Manifest> withSignatures = new HashMap<>();
            manifests.forEach((environment, content) -> withSignatures.put(
                    environment, new Manifest(content, Optional.ofNullable(signatures.get(environment)))));
            return new ReleaseRequest(
                    AppName.of(text("application")
                            .orElseThrow(() -> new TrebuchetException(
                                    ErrorCode.INVALID_APPLICATION_NAME,
                                    "form field 'application' is missing",
                                    Map.of("field", "application")))),
                    text("version").map(Version::parse),
                    withSignatures,
                    text("team").filter(team -> !team.isEmpty()).map(TeamName::of),
                    text("source_commit_id")
                            .filter(commit -> !commit.isEmpty())
                            .filter(commit -> endpoint == Endpoint.API || KuberpultFields.isCommitId(commit)),
                    text("source_author")
                            .filter(author -> !author.isEmpty())
                            .filter(author -> endpoint == Endpoint.API || KuberpultFields.isAuthor(author)),
                    text("source_message"),
                    text("display_version").filter(display -> !display.isEmpty()),
                    text("ci_link").filter(link -> !link.isEmpty()));
        }

        Optional<String> text(String name) {
            List<String> values = fields.getOrDefault(name, List.of());
            return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        private static String text(String name, UploadedFile file) {
            try (InputStream content = file.content()) {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(content.readAllBytes()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new TrebuchetException(
                        ErrorCode.INVALID_REQUEST,
                        "form field '%s' is not UTF-8 text".formatted(name),
                        Map.of("field", name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read form field " + name, e);
            }
        }
    }
}
