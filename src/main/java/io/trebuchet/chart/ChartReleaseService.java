package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationChart;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.application.ApplicationSettings;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.ReleaseIntakeService;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.imageautomation.DeclaredCharts;
import io.trebuchet.imageautomation.RegistryBudgets;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyRefusal;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Violation;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ReleaseOutcome;
import io.trebuchet.release.ReleaseRequest;
import io.trebuchet.store.Database;
import io.trebuchet.store.Transaction;
import io.trebuchet.template.ValueLayers;
import io.trebuchet.values.ValuesService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Creates releases from Helm charts. It reads what rendering needs in one snapshot (the target environments, their
 * policies and the application's layered values), checks the chart against the chart practices and renders it for
 * each environment outside any transaction (helm takes its time; no row lock waits for it), then creates the release
 * with the rendered manifests and records what they came from, in one transaction.
 */
public final class ChartReleaseService implements DeclaredCharts {
    private final Database database;
    private final ReleaseIntakeService intake;
    private final ApplicationService applications;
    private final EnvironmentService environments;
    private final ValuesService values;
    private final ChartStore store = new ChartStore();
    private final ChartFetcher fetcher;

    public ChartReleaseService(
            Database database,
            ReleaseIntakeService intake,
            ApplicationService applications,
            EnvironmentService environments,
            ValuesService values,
            ChartSources sources,
            RegistryBudgets budgets) {
        this.fetcher = ChartFetcher.create(
                requireNonNull(sources, "sources is null"), requireNonNull(budgets, "budgets is null"));
        this.database = requireNonNull(database, "database is null");
        this.intake = requireNonNull(intake, "intake is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.values = requireNonNull(values, "values is null");
    }

    /** What one environment renders with: its policies, whether it is a preprod or production stage, its values. */
    private record Target(Environment environment, Map<String, Object> flatValues) {}

    public ChartReleaseOutcome release(AppName application, ChartReleaseRequest request, Actor actor) {
        return release(application, request, actor, transaction -> true, (transaction, outcome) -> {})
                .orElseThrow();
    }

    /**
     * Releases as {@link #release(AppName, ChartReleaseRequest, Actor)} does, unless {@code proceed}, asked inside the
     * release's transaction, says no (a subscription's scan that another scan overtook); {@code after} runs in the
     * same transaction, so that what a subscription records commits with the release or not at all.
     */
    Optional<ChartReleaseOutcome> release(
            AppName application,
            ChartReleaseRequest request,
            Actor actor,
            Predicate<Transaction> proceed,
            BiConsumer<Transaction, ChartReleaseOutcome> after) {
        requireNonNull(application, "application is null");
        requireNonNull(request, "request is null");
        requireNonNull(actor, "actor is null");
        ChartArchive archive = archive(request.chart());
        Map<EnvName, Target> targets = database.inSnapshot(transaction -> targets(transaction.handle(), application));

        Map<EnvName, List<Finding>> findings = judge(ChartCheck.check(archive), targets, application);

        Map<EnvName, Manifest> manifests = new TreeMap<>();
        Map<EnvName, Map<String, Object>> merged = new TreeMap<>();
        targets.forEach((name, target) -> {
            Map<String, Object> environmentValues =
                    ChartValues.merge(ChartValues.nest(target.flatValues()), request.values());
            merged.put(name, environmentValues);
            manifests.put(name, Manifest.of(ChartRenderer.render(archive, application, name, environmentValues)));
        });

        String reference = switch (request.chart()) {
            case ChartSource.Upload upload -> new ChartReference.Uploaded(archive.name()).text();
            case ChartSource.Remote remote -> remote.reference().text();
        };
        String source = switch (request.chart()) {
            case ChartSource.Upload upload -> "upload";
            case ChartSource.Remote remote -> remote.reference().source();
        };
        return database.inTransaction(transaction -> {
            if (!proceed.test(transaction)) {
                return Optional.<ChartReleaseOutcome>empty();
            }
            ReleaseOutcome outcome = intake.release(
                    transaction,
                    new ReleaseRequest(
                            application,
                            request.version(),
                            manifests,
                            Optional.empty(),
                            request.sourceCommitId(),
                            request.sourceAuthor(),
                            request.sourceMessage(),
                            request.displayVersion(),
                            request.ciLink()),
                    actor,
                    created -> store.insert(
                            transaction.handle(),
                            new ChartRelease(
                                    application,
                                    created.version(),
                                    source,
                                    reference,
                                    archive.name(),
                                    archive.version().text(),
                                    archive.appVersion(),
                                    archive.digest(),
                                    merged),
                            archive.bytes()));
            ChartRelease chart = new ChartRelease(
                    application,
                    outcome.release().version(),
                    source,
                    reference,
                    archive.name(),
                    archive.version().text(),
                    archive.appVersion(),
                    archive.digest(),
                    merged);
            ChartReleaseOutcome released = new ChartReleaseOutcome(outcome, chart, findings);
            after.accept(transaction, released);
            return Optional.of(released);
        });
    }

    /**
     * Keeps the archive of a chart directory an application declares, in the caller's transaction (an apply), so that
     * releases of the application render it later.
     */
    public void keepArchive(Transaction transaction, ChartArchive archive) {
        store.keepArchive(transaction.handle(), archive.digest(), archive.bytes());
    }

    /**
     * Releases the chart the application declares ({@code chart} in its platform file) with the release's own values,
     * exactly as a chart release naming that chart; empty when the application declares no chart (its releases are
     * rendered from its template, or carry manifests).
     */
    public Optional<ChartReleaseOutcome> releaseDeclared(
            AppName application, DeclaredChartRelease request, Actor actor) {
        requireNonNull(application, "application is null");
        requireNonNull(request, "request is null");
        return declared(application).map(source -> release(application, declaredRequest(source, request), actor));
    }

    @Override
    public boolean declares(AppName application) {
        return database.read(
                handle -> applications.settings(handle, application).chart().isPresent());
    }

    /** An image source's release of an application that declares a chart: the tag is one of the chart's values. */
    @Override
    public Optional<ReleaseOutcome> release(
            AppName application,
            Map<String, Object> values,
            Optional<String> displayVersion,
            String message,
            Predicate<Transaction> proceed,
            BiConsumer<Transaction, ReleaseOutcome> after) {
        ChartSource source = declared(application)
                .orElseThrow(() -> new TrebuchetException(
                        ErrorCode.TEMPLATE_NOT_FOUND,
                        "application %s no longer declares a chart".formatted(application),
                        Map.of("application", application.value())));
        DeclaredChartRelease request = new DeclaredChartRelease(
                Optional.empty(),
                values,
                Map.of(),
                Optional.empty(),
                Optional.of(Actor.IMAGE_AUTOMATION.name()),
                Optional.of(message),
                displayVersion,
                Optional.empty());
        return release(
                        application,
                        declaredRequest(source, request),
                        Actor.IMAGE_AUTOMATION,
                        proceed,
                        (transaction, outcome) -> after.accept(transaction, outcome.release()))
                .map(ChartReleaseOutcome::release);
    }

    /** The chart {@code application} declares, read; empty when it declares none. */
    private Optional<ChartSource> declared(AppName application) {
        return database.read(handle -> {
            applications.get(handle, application);
            return applications.settings(handle, application).chart().map(chart -> source(handle, application, chart));
        });
    }

    private static ChartReleaseRequest declaredRequest(ChartSource source, DeclaredChartRelease request) {
        return new ChartReleaseRequest(
                source,
                request.chartValues(),
                request.version(),
                request.sourceCommitId(),
                request.sourceAuthor(),
                request.sourceMessage(),
                request.displayVersion(),
                request.ciLink());
    }

    private ChartSource source(org.jdbi.v3.core.Handle handle, AppName application, ApplicationChart chart) {
        if (chart.digest().isPresent()) {
            String digest = chart.digest().get();
            byte[] archive = store.keptArchive(handle, digest)
                    .orElseThrow(() -> new TrebuchetException(
                            ErrorCode.CHART_NOT_FOUND,
                            "the chart %s %s that application %s declares (%s, %s) is not kept by the server; apply the"
                                            .formatted(
                                                    chart.chart(),
                                                    chart.version(),
                                                    application,
                                                    chart.path().orElse(""),
                                                    digest)
                                    + " platform directory again",
                            Map.of("application", application.value(), "digest", digest)));
            return new ChartSource.Upload(ChartArchive.read(archive), Optional.of(ChartVersion.parse(chart.version())));
        }
        return new ChartSource.Remote(
                ChartReference.parse(chart.chart(), chart.repository()), ChartVersion.parse(chart.version()));
    }

    /** The versions a chart's registry or repository lists, as written there. */
    List<String> versions(ChartReference reference) {
        return switch (reference) {
            case ChartReference.Repository repository -> fetcher.versions(repository);
            case ChartReference.Oci oci -> fetcher.versions(oci);
            case ChartReference.Uploaded uploaded ->
                throw new IllegalStateException("an uploaded chart has no versions to list: " + uploaded.name());
        };
    }

    /** The chart and version of each of {@code versions} rendered from a chart, e.g. {@code mapserver 1.2.0}. */
    public Map<Version, String> chartVersions(AppName application, Collection<Version> versions) {
        return database.read(handle -> store.chartVersions(handle, application, List.copyOf(versions)));
    }

    /** What a release was rendered from, if it was rendered from a chart. */
    public Optional<ChartRelease> find(AppName application, Version version) {
        return database.read(handle -> {
            applications.get(handle, application);
            return store.find(handle, application, version);
        });
    }

    private ChartArchive archive(ChartSource chart) {
        return switch (chart) {
            case ChartSource.Upload upload -> {
                upload.version().ifPresent(version -> {
                    if (!version.text().equals(upload.archive().version().text())) {
                        throw new TrebuchetException(
                                ErrorCode.INVALID_CHART,
                                "chart_version is %s but the uploaded chart %s is version %s"
                                        .formatted(
                                                version,
                                                upload.archive().name(),
                                                upload.archive().version()),
                                Map.of("field", "chart_version"));
                    }
                });
                yield upload.archive();
            }
            case ChartSource.Remote remote -> fetched(remote);
        };
    }

    private ChartArchive fetched(ChartSource.Remote remote) {
        return switch (remote.reference()) {
            case ChartReference.Repository repository -> {
                ChartArchive archive = ChartArchive.read(fetcher.fetch(repository, remote.version()));
                if (!archive.name().equals(repository.name())
                        || !archive.version().text().equals(remote.version().text())) {
                    throw new TrebuchetException(
                            ErrorCode.INVALID_CHART,
                            "chart repository %s served %s %s for %s %s"
                                    .formatted(
                                            repository.url(),
                                            archive.name(),
                                            archive.version(),
                                            repository.name(),
                                            remote.version()),
                            Map.of("chart", repository.text()));
                }
                yield archive;
            }
            case ChartReference.Oci oci -> {
                ChartArchive archive = ChartArchive.read(fetcher.fetch(oci, remote.version()));
                if (!archive.name().equals(oci.name())
                        || !archive.version().text().equals(remote.version().text())) {
                    throw new TrebuchetException(
                            ErrorCode.INVALID_CHART,
                            "registry %s served %s %s for %s %s"
                                    .formatted(
                                            oci.host(),
                                            archive.name(),
                                            archive.version(),
                                            oci.name(),
                                            remote.version()),
                            Map.of("chart", oci.text()));
                }
                yield archive;
            }
            case ChartReference.Uploaded uploaded ->
                throw new IllegalStateException("an uploaded chart is not fetched: " + uploaded.name());
        };
    }

    private Map<EnvName, Target> targets(org.jdbi.v3.core.Handle handle, AppName application) {
        applications.get(handle, application);
        ApplicationSettings settings = applications.settings(handle, application);
        List<Environment> chosen = settings.environments().isEmpty()
                ? environments.list(handle)
                : settings.environments().stream()
                        .map(name -> environments.get(handle, name))
                        .toList();
        if (chosen.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "application %s is configured for no environment".formatted(application),
                    Map.of("application", application.value()));
        }
        Map<EnvName, Target> targets = new TreeMap<>();
        for (Environment environment : chosen) {
            targets.put(
                    environment.name(),
                    new Target(
                            environment,
                            ValueLayers.values(ValueLayers.merge(
                                    values.layers(handle, application, Optional.of(environment.name()))))));
        }
        return targets;
    }

    /**
     * Judges the chart's violations by each environment; the stable-version rule counts only in preprod and
     * production stages, or where an environment names it. Refuses the release when an environment counts one as an
     * error; returns the rest.
     */
    private static Map<EnvName, List<Finding>> judge(
            List<Violation> violations, Map<EnvName, Target> targets, AppName application) {
        Map<EnvName, List<Finding>> findings = new TreeMap<>();
        Map<EnvName, List<Finding>> errors = new TreeMap<>();
        targets.forEach((name, target) -> {
            Policies policies = target.environment().config().policyRules();
            boolean stage =
                    ChartCheck.stage(name.value(), target.environment().group().value())
                            || policies.severities().containsKey(PolicyRule.CHART_STABLE_VERSION);
            List<Violation> counted = violations.stream()
                    .filter(violation -> stage || violation.rule() != PolicyRule.CHART_STABLE_VERSION)
                    .toList();
            List<Finding> judged = policies.judge(counted);
            findings.put(name, judged);
            List<Finding> refused = Policies.errors(judged);
            if (!refused.isEmpty()) {
                errors.put(name, refused);
            }
        });
        if (!errors.isEmpty()) {
            throw PolicyRefusal.of("the chart release of " + application, errors);
        }
        return findings;
    }
}
