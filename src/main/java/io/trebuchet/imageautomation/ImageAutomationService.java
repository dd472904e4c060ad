package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationService;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.release.AutoDeployment;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import io.trebuchet.values.TemplateReleaseRequest;
import io.trebuchet.values.TemplateReleaseService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image sources and their scans. A scan lists the image's tags, lets the tag policy choose the newest, and when that
 * tag is not the one released last, reads its digest and creates a release from the application's template with the
 * tag and digest as parameters (or from the chart it declares, with them as values: {@link DeclaredCharts}), as
 * {@link Actor#IMAGE_AUTOMATION}. The release then takes the normal path: it is
 * auto-deployed where {@code latest} is followed, through locks, freeze windows and holds. Registry I/O happens outside
 * any transaction; the scan's result is stored after.
 */
public final class ImageAutomationService {
    private static final Logger log = LoggerFactory.getLogger(ImageAutomationService.class);
    private static final int CLAIM_BATCH = 20;

    private final Database database;
    private final ApplicationService applications;
    private final TemplateReleaseService templateReleases;
    private final DeclaredCharts charts;
    private final RegistryClient registry;
    private final Clock clock;
    private final ImageSourceStore store = new ImageSourceStore();

    public ImageAutomationService(
            Database database,
            ApplicationService applications,
            TemplateReleaseService templateReleases,
            DeclaredCharts charts,
            RegistryClient registry,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.templateReleases = requireNonNull(templateReleases, "templateReleases is null");
        this.charts = requireNonNull(charts, "charts is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A source and what its last scan found. */
    public record SourceView(ImageSource source, ScanState state) {
        public SourceView {
            requireNonNull(source, "source is null");
            requireNonNull(state, "state is null");
        }

        /** The JSON the API answers. */
        public Map<String, Object> toMap() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("application", source.application().value());
            view.put("name", source.name());
            view.putAll(source.toMap());
            Map<String, Object> scan = new LinkedHashMap<>();
            state.scannedAt().ifPresent(time -> scan.put("scannedAt", time.toString()));
            scan.put("nextScanAt", state.nextScanAt().toString());
            state.lastError().ifPresent(error -> scan.put("lastError", error));
            state.newestTag().ifPresent(tag -> scan.put("newestTag", tag));
            state.newestDigest().ifPresent(digest -> scan.put("newestDigest", digest));
            state.releasedTag().ifPresent(tag -> scan.put("releasedTag", tag));
            state.releasedVersion().ifPresent(version -> scan.put("releasedVersion", version.value()));
            state.outcome().ifPresent(outcome -> scan.put("outcome", outcome));
            view.put("scan", scan);
            return view;
        }
    }

    /** Declares or replaces a source of an application; it is scanned at once (by the worker, or {@link #scan}). */
    public SourceView put(AppName application, String name, Map<String, ?> written) {
        ImageSource.checkName(name);
        ImageSource source = ImageSource.fromMap(application, name, written);
        return database.inTransaction(transaction -> {
            applications.get(transaction.handle(), application);
            store.put(transaction.handle(), source, clock.instant());
            return view(store.find(transaction.handle(), application, name).orElseThrow());
        });
    }

    /** Declares or replaces a source inside the caller's transaction (configuration as code). */
    public void put(Transaction transaction, ImageSource source) {
        applications.get(transaction.handle(), source.application());
        store.put(transaction.handle(), source, clock.instant());
    }

    /** Deletes a source inside the caller's transaction, if it exists. */
    public void delete(Transaction transaction, AppName application, String name) {
        store.delete(transaction.handle(), application, name);
    }

    /** Every source, by application and name, as configuration as code compares them. */
    public Map<AppName, Map<String, ImageSource>> sources(Handle handle) {
        Map<AppName, Map<String, ImageSource>> sources = new LinkedHashMap<>();
        for (ImageSourceStore.Stored stored : store.list(handle)) {
            sources.computeIfAbsent(stored.source().application(), ignored -> new LinkedHashMap<>())
                    .put(stored.source().name(), stored.source());
        }
        return sources;
    }

    public List<SourceView> list() {
        return database.read(handle ->
                store.list(handle).stream().map(ImageAutomationService::view).toList());
    }

    public SourceView get(AppName application, String name) {
        return database.read(handle -> view(find(handle, application, name)));
    }

    public SourceView delete(AppName application, String name) {
        return database.inTransaction(transaction -> {
            ImageSourceStore.Stored stored = find(transaction.handle(), application, name);
            store.delete(transaction.handle(), application, name);
            return view(stored);
        });
    }

    /** Scans one source now, whatever its schedule; answers what the scan found and did. */
    public SourceView scan(AppName application, String name) {
        ImageSourceStore.Stored stored = database.read(handle -> find(handle, application, name));
        return view(new ImageSourceStore.Stored(stored.source(), scan(stored)));
    }

    /** Scans every source whose scan is due, in batches claimed so that each runs once; answers how many ran. */
    public int scanDue() {
        int scanned = 0;
        while (true) {
            Instant now = clock.instant();
            List<ImageSourceStore.Stored> due =
                    database.inTransaction(transaction -> store.claimDue(transaction.handle(), now, CLAIM_BATCH));
            for (ImageSourceStore.Stored stored : due) {
                scan(stored);
            }
            scanned += due.size();
            if (due.size() < CLAIM_BATCH) {
                return scanned;
            }
        }
    }

    /**
     * A registry said an image was pushed (its notification's {@code request.host} and {@code target.repository}):
     * scans every source that watches that repository; answers them.
     */
    public List<SourceView> pushed(List<PushedImage> images) {
        List<SourceView> scanned = new ArrayList<>();
        for (ImageSourceStore.Stored stored : database.read(store::list)) {
            ImageReference image = stored.source().image();
            if (images.stream().anyMatch(pushed -> pushed.names(image.host(), image.repository()))) {
                scanned.add(view(new ImageSourceStore.Stored(stored.source(), scan(stored))));
            }
        }
        return scanned;
    }

    /** One scan: registry I/O, then at most one release, then the new state stored. */
    private ScanState scan(ImageSourceStore.Stored stored) {
        ImageSource source = stored.source();
        ScanState before = stored.state();
        Instant now = clock.instant();
        Instant next = now.plus(source.interval().value());
        ScanState after;
        try {
            after = scanRegistry(source, before, now, next);
        } catch (TrebuchetException e) {
            log.warn(
                    "Scan of image source {}/{} ({}) failed: {}",
                    source.application(),
                    source.name(),
                    source.image(),
                    e.getMessage());
            after = new ScanState(
                    Optional.of(now),
                    next,
                    Optional.of(e.getMessage()),
                    before.tagsEtag(),
                    before.newestTag(),
                    before.newestDigest(),
                    before.releasedTag(),
                    before.releasedVersion(),
                    before.outcome());
        }
        ScanState result = after;
        database.inTransaction(transaction -> {
            if (store.find(transaction.handle(), source.application(), source.name())
                    .isPresent()) {
                store.saveScan(transaction.handle(), source.application(), source.name(), result);
            }
            return null;
        });
        return result;
    }

    private ScanState scanRegistry(ImageSource source, ScanState before, Instant now, Instant next) {
        RegistryCredentials credentials = credentials(source);
        TagListing listing = registry.tags(source.image(), credentials, before.tagsEtag());
        return switch (listing) {
            case TagListing.Unchanged unchanged ->
                new ScanState(
                        Optional.of(now),
                        next,
                        Optional.empty(),
                        before.tagsEtag(),
                        before.newestTag(),
                        before.newestDigest(),
                        before.releasedTag(),
                        before.releasedVersion(),
                        before.outcome());
            case TagListing.Listed listed -> decide(source, before, listed, credentials, now, next);
        };
    }

    private ScanState decide(
            ImageSource source,
            ScanState before,
            TagListing.Listed listed,
            RegistryCredentials credentials,
            Instant now,
            Instant next) {
        TagChoice choice = TagChooser.choose(source.policy(), listed.tags());
        return switch (choice) {
            case TagChoice.NoCandidate none ->
                new ScanState(
                        Optional.of(now),
                        next,
                        Optional.empty(),
                        listed.etag(),
                        Optional.empty(),
                        Optional.empty(),
                        before.releasedTag(),
                        before.releasedVersion(),
                        Optional.of(none.reason()));
            case TagChoice.Chosen chosen -> {
                if (before.releasedTag().filter(chosen.tag()::equals).isPresent()) {
                    yield new ScanState(
                            Optional.of(now),
                            next,
                            Optional.empty(),
                            listed.etag(),
                            Optional.of(chosen.tag()),
                            before.newestDigest(),
                            before.releasedTag(),
                            before.releasedVersion(),
                            before.outcome());
                }
                String digest = registry.digest(source.image(), chosen.tag(), credentials);
                yield releaseOnce(source, before, chosen.tag(), digest, listed.etag(), now, next);
            }
        };
    }

    /**
     * Releases the tag and stores the scan in one transaction, under the scan row's lock, unless another scan of the
     * source (another replica, a notification, a person's "scan now") released a tag since this one read the state:
     * then that scan's state stands, and this one changes nothing.
     */
    private ScanState releaseOnce(
            ImageSource source,
            ScanState before,
            String tag,
            String digest,
            Optional<String> etag,
            Instant now,
            Instant next) {
        if (charts.declares(source.application())) {
            // A chart is fetched and rendered before the release's transaction; the scan row's check and the new
            // state go into that transaction, as below.
            List<ScanState> saved = new ArrayList<>();
            Optional<ReleaseOutcome> outcome = charts.release(
                    source.application(),
                    parameters(source, tag, digest),
                    displayVersion(tag),
                    message(source, tag, digest),
                    transaction -> overtaken(transaction, source, before).isEmpty(),
                    (transaction, released) -> {
                        logRelease(source, tag, digest, released);
                        saved.add(saveReleased(transaction, source, tag, digest, etag, now, next, released));
                    });
            return outcome.isPresent()
                    ? saved.getFirst()
                    : database.read(handle -> store.find(handle, source.application(), source.name())
                            .map(ImageSourceStore.Stored::state)
                            .orElse(before));
        }
        return database.inTransaction(transaction -> {
            Optional<ScanState> overtaken = overtaken(transaction, source, before);
            if (overtaken.isPresent()) {
                return overtaken.get();
            }
            ReleaseOutcome outcome = release(transaction, source, tag, digest);
            return saveReleased(transaction, source, tag, digest, etag, now, next, outcome);
        });
    }

    /**
     * Locks the scan row; the state another scan stored when it released a tag since {@code before} was read (another
     * replica, a notification, a person's "scan now"), or empty when this scan may release.
     */
    private Optional<ScanState> overtaken(Transaction transaction, ImageSource source, ScanState before) {
        Optional<Optional<String>> released =
                store.lockReleasedTag(transaction.handle(), source.application(), source.name());
        if (released.isEmpty() || !released.get().equals(before.releasedTag())) {
            return Optional.of(store.find(transaction.handle(), source.application(), source.name())
                    .map(ImageSourceStore.Stored::state)
                    .orElse(before));
        }
        return Optional.empty();
    }

    private ScanState saveReleased(
            Transaction transaction,
            ImageSource source,
            String tag,
            String digest,
            Optional<String> etag,
            Instant now,
            Instant next,
            ReleaseOutcome outcome) {
        ScanState after = new ScanState(
                Optional.of(now),
                next,
                Optional.empty(),
                etag,
                Optional.of(tag),
                Optional.of(digest),
                Optional.of(tag),
                Optional.of(outcome.release().version()),
                Optional.of(describe(tag, outcome)));
        store.saveScan(transaction.handle(), source.application(), source.name(), after);
        return after;
    }

    /** The release's parameters (a template's) or values (a chart's): the tag, and the digest when asked for. */
    private static Map<String, Object> parameters(ImageSource source, String tag, String digest) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(source.tagParameter(), tag);
        source.digestParameter().ifPresent(parameter -> parameters.put(parameter, digest));
        return parameters;
    }

    private static String message(ImageSource source, String tag, String digest) {
        return "image-automation: %s:%s (%s)".formatted(source.image(), tag, digest);
    }

    private static Optional<String> displayVersion(String tag) {
        return tag.length() <= 15 ? Optional.of(tag) : Optional.empty();
    }

    private ReleaseOutcome release(Transaction transaction, ImageSource source, String tag, String digest) {
        ReleaseOutcome outcome = templateReleases.release(
                transaction,
                source.application(),
                new TemplateReleaseRequest(
                        Optional.empty(),
                        parameters(source, tag, digest),
                        Optional.empty(),
                        Optional.of(Actor.IMAGE_AUTOMATION.name()),
                        Optional.of(message(source, tag, digest)),
                        displayVersion(tag),
                        Optional.empty()),
                Actor.IMAGE_AUTOMATION);
        logRelease(source, tag, digest, outcome);
        return outcome;
    }

    private static void logRelease(ImageSource source, String tag, String digest, ReleaseOutcome outcome) {
        log.info(
                "Image source {}/{} chose {}:{} ({}): release {}",
                source.application(),
                source.name(),
                source.image(),
                tag,
                digest,
                outcome.release().version());
    }

    private static String describe(String tag, ReleaseOutcome outcome) {
        Version version = outcome.release().version();
        String deployments = outcome.autoDeployments().stream()
                .map(ImageAutomationService::describe)
                .collect(Collectors.joining("; "));
        return "released %s as version %s%s".formatted(tag, version, deployments.isEmpty() ? "" : ": " + deployments);
    }

    private static String describe(AutoDeployment deployment) {
        return switch (deployment.status()) {
            case DEPLOYED -> "deployed to " + deployment.environment();
            case QUEUED ->
                "queued in %s (%s)"
                        .formatted(deployment.environment(), deployment.reason().orElse(""));
            case SKIPPED ->
                "not deployed to %s (%s)"
                        .formatted(deployment.environment(), deployment.reason().orElse(""));
        };
    }

    private static RegistryCredentials credentials(ImageSource source) {
        if (source.username().isEmpty()) {
            return RegistryCredentials.ANONYMOUS;
        }
        try {
            String password = Files.readString(source.passwordFile().orElseThrow(), StandardCharsets.UTF_8)
                    .strip();
            return new RegistryCredentials.Basic(source.username().get(), password);
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.REGISTRY_ERROR,
                    "cannot read the password file %s of image source %s/%s: %s"
                            .formatted(
                                    source.passwordFile().get(), source.application(), source.name(), e.getMessage()),
                    Map.of("application", source.application().value(), "source", source.name()));
        }
    }

    private ImageSourceStore.Stored find(Handle handle, AppName application, String name) {
        return store.find(handle, application, name)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.IMAGE_SOURCE_NOT_FOUND,
                        "application %s has no image source %s".formatted(application, name),
                        Map.of("application", application.value(), "source", name)));
    }

    private static SourceView view(ImageSourceStore.Stored stored) {
        return new SourceView(stored.source(), stored.state());
    }
}
