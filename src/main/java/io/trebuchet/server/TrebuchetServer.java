package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.AccessControl;
import io.trebuchet.api.Admission;
import io.trebuchet.api.ApiServer;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.OpenApiResource;
import io.trebuchet.api.ServletMount;
import io.trebuchet.application.ApplicationResource;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventResource;
import io.trebuchet.auth.AuthFailures;
import io.trebuchet.auth.AuthResource;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.auth.Authenticator;
import io.trebuchet.auth.LoginPages;
import io.trebuchet.auth.OidcProvider;
import io.trebuchet.auth.ScopeLookup;
import io.trebuchet.auth.SessionService;
import io.trebuchet.auth.TokenService;
import io.trebuchet.chart.ChartResource;
import io.trebuchet.chart.ChartSubscriptionResource;
import io.trebuchet.chart.ChartSubscriptionService;
import io.trebuchet.config.ConfigResource;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.RepeatingTask;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.CommitResource;
import io.trebuchet.deploy.DeployResource;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentResource;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportResource;
import io.trebuchet.gitexport.ExportWorker;
import io.trebuchet.gitexport.ManifestRepositoryServlet;
import io.trebuchet.imageautomation.ImageAutomationResource;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.kuberpult.KuberpultStatusResource;
import io.trebuchet.kuberpult.RolloutStatusService;
import io.trebuchet.lock.LockResource;
import io.trebuchet.lock.LockService;
import io.trebuchet.metrics.Metrics;
import io.trebuchet.metrics.MetricsResource;
import io.trebuchet.overview.OverviewResource;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.ReleaseResource;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.stack.StackResource;
import io.trebuchet.store.Database;
import io.trebuchet.train.TrainResource;
import io.trebuchet.train.TrainScheduler;
import io.trebuchet.train.TrainService;
import io.trebuchet.values.ValuesResource;
import io.trebuchet.web.WebUi;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Trebuchet: the store, the feature services, the git export and the HTTP server, started and stopped
 * together.
 */
public final class TrebuchetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrebuchetServer.class);
    private static final Duration IMAGE_SCAN_TICK = Duration.ofSeconds(1);

    private final Database database;
    private final ExportWorker export;
    private final ApiServer api;
    private final TrainScheduler scheduler;
    private final Metrics metrics;
    private final RepeatingTask imageScans;
    private final RepeatingTask chartScans;

    private TrebuchetServer(
            Database database,
            ExportWorker export,
            ApiServer api,
            TrainScheduler scheduler,
            RepeatingTask imageScans,
            RepeatingTask chartScans,
            Metrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.export = export;
        this.api = api;
        this.scheduler = scheduler;
        this.imageScans = imageScans;
        this.chartScans = chartScans;
    }

    public static TrebuchetServer start(ServerConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR, "cannot create the data directory " + config.dataDirectory(), e);
        }
        if (config.api().reachableFromOtherMachines()
                && !config.auth().enabled()
                && !config.auth().insecureNoAuth()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "refusing to start: " + config.api().exposure() + " To serve without authentication anyway, pass"
                            + " --insecure-no-auth.");
        }
        Database database = Database.open(config.store());
        Metrics metrics = Metrics.create();
        ExportWorker export = null;
        try {
            database.bindMetrics(metrics.registry());
            Features features = Features.wire(database, clock, config.chartSources(), config.registryBudgets());
            EventLog events = features.events();
            EnvironmentService environments = features.environments();
            ApplicationService applications = features.applications();
            ReleaseService releases = features.releases();
            DeployService deploys = features.deploys();
            LockService locks = features.locks();
            TrainService trains = features.trains();
            OverviewService overview = features.overview();
            export = ExportWorker.start(database, events, config.export(), clock, metrics.registry());
            ImageAutomationService imageAutomation = features.imageAutomation();
            Admission admission = new Admission(config.api().admission());
            AuthSettings auth = config.auth();
            TokenService tokens = features.tokens();
            SessionService sessions = new SessionService(database, clock, auth.sessionLifetime());
            Optional<OidcProvider> oidc = auth.oidc().map(settings -> new OidcProvider(settings, clock));
            AccessControl access = new AccessControl(
                    auth,
                    auth.enabled() ? Optional.of(new Authenticator(auth, tokens, oidc, sessions)) : Optional.empty(),
                    scopes(database, environments, applications),
                    new AuthFailures(auth.maxFailures(), auth.failureWindow(), clock));
            List<HttpResource> resources = new ArrayList<>(List.of(
                    new HealthResource(database, events, admission),
                    new OpenApiResource(),
                    new MetricsResource(metrics, database, clock, Clock.systemUTC(), MetricsResource.MAX_AGE),
                    new EnvironmentResource(environments),
                    new ApplicationResource(applications),
                    new ReleaseResource(releases, features.intake()),
                    new DeployResource(deploys),
                    new LockResource(locks),
                    new TrainResource(trains),
                    new StackResource(features.stacks()),
                    new ValuesResource(features.values()),
                    new ChartResource(features.chartReleases(), features.templateReleases()),
                    new ChartSubscriptionResource(features.chartSubscriptions()),
                    new OverviewResource(overview),
                    new EventResource(database, events),
                    new CommitResource(features.commits()),
                    new ConfigResource(features.platformConfig()),
                    new ImageAutomationResource(
                            imageAutomation,
                            pushed -> features.chartSubscriptions().pushed(pushed).stream()
                                    .map(ChartSubscriptionService.SubscriptionView::toMap)
                                    .toList()),
                    new ExportResource(export),
                    new KuberpultStatusResource(new RolloutStatusService(
                            database, environments, applications, deploys, events, export::status)),
                    new AuthResource(access, tokens),
                    new LoginPages(oidc, sessions)));
            resources.addAll(WebUi.resources(
                    new WebUi.Services(
                            database,
                            events,
                            environments,
                            releases,
                            deploys,
                            overview,
                            locks,
                            trains,
                            export::status,
                            tokens,
                            imageAutomation,
                            features.chartReleases(),
                            applications),
                    clock));
            List<ServletMount> servlets = ManifestRepositoryServlet.readOnly(config.export()).stream()
                    .map(servlet -> new ServletMount("/git/*", "/git/" + ManifestRepositoryServlet.NAME, servlet))
                    .toList();
            ApiServer api = ApiServer.start(config.api(), admission, access, metrics.registry(), resources, servlets);
            TrainScheduler scheduler =
                    new TrainScheduler(database, environments, trains, clock, config.schedulerInterval());
            scheduler.start();
            // A source or subscription falls due at any second: the scans look every second (one indexed query
            // each), or more often when the scheduler does.
            Duration scanTick = config.schedulerInterval().compareTo(IMAGE_SCAN_TICK) < 0
                    ? config.schedulerInterval()
                    : IMAGE_SCAN_TICK;
            RepeatingTask imageScans = new RepeatingTask("image-scans", scanTick, imageAutomation::scanDue);
            imageScans.start();
            RepeatingTask chartScans =
                    new RepeatingTask("chart-scans", scanTick, features.chartSubscriptions()::scanDue);
            chartScans.start();
            logSummary(config, api.port());
            if (!servlets.isEmpty()) {
                log.info(
                        "Serving the manifest repository read only at http://{}:{}/git/{}",
                        config.api().bindAddress(),
                        api.port(),
                        ManifestRepositoryServlet.NAME);
            }
            if (config.api().reachableFromOtherMachines() && !auth.enabled()) {
                log.warn("INSECURE (--insecure-no-auth): {}", config.api().exposure());
            }
            if (!config.api().allowedHosts().isEmpty()) {
                log.info("Also answering to the host names {}", config.api().allowedHosts());
            }
            return new TrebuchetServer(database, export, api, scheduler, imageScans, chartScans, metrics);
        } catch (RuntimeException e) {
            if (export != null) {
                export.close();
            }
            database.close();
            metrics.close();
            throw e;
        }
    }

    /**
     * One line that says what this server is and where its state goes, without secrets: the store's URL without its
     * query (which may carry a password), the repository without credentials.
     */
    private static void logSummary(ServerConfig config, int port) {
        BuildInfo build = BuildInfo.current();
        String store = config.store().backend().name().toLowerCase(Locale.ROOT);
        String mode = config.export().output().mode().name().toLowerCase(Locale.ROOT);
        String listening = "http://%s:%d".formatted(config.api().bindAddress(), port);
        log.atInfo()
                .addKeyValue("version", build.version())
                .addKeyValue("commit", build.commit())
                .addKeyValue("listen", listening)
                .addKeyValue("store", store)
                .addKeyValue("storeUrl", config.store().describe())
                .addKeyValue("repository", config.export().remote().redacted())
                .addKeyValue("branch", config.export().remote().branch())
                .addKeyValue("exportMode", mode)
                .addKeyValue(
                        "dataDirectory", config.dataDirectory().toAbsolutePath().toString())
                .addKeyValue("auth", config.auth().describe())
                .log(
                        "Trebuchet {} listening on {}; store {} at {}; manifest repository {} (branch {}, {} mode);"
                                + " data in {}; authentication: {}",
                        build.describe(),
                        listening,
                        store,
                        config.store().describe(),
                        config.export().remote().redacted(),
                        config.export().remote().branch(),
                        mode,
                        config.dataDirectory().toAbsolutePath(),
                        config.auth().describe());
    }

    /** What authorization needs to know of the state: environments' groups, applications' teams. */
    private static ScopeLookup scopes(
            Database database, EnvironmentService environments, ApplicationService applications) {
        return new ScopeLookup() {
            @Override
            public Optional<GroupName> groupOf(EnvName environment) {
                return database.read(handle -> environments.find(handle, environment))
                        .map(Environment::group);
            }

            @Override
            public Optional<TeamName> teamOf(AppName application) {
                try {
                    return applications.get(application).team();
                } catch (TrebuchetException e) {
                    if (e.code() == ErrorCode.APPLICATION_NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
        };
    }

    public int port() {
        return api.port();
    }

    /** The API's routes; the web UI's pages are not among them. */
    public List<String> routes() {
        return api.routes();
    }

    public List<String> pageRoutes() {
        return api.pageRoutes();
    }

    /**
     * Stops in the order that loses nothing: the schedulers, then the HTTP server (no new requests; those in flight
     * finish), then the git export (after its current step; what it has not exported yet is in the store and exported
     * at the next start), then the store.
     */
    @Override
    public void close() {
        log.info("Stopping Trebuchet");
        try {
            scheduler.close();
            imageScans.close();
            chartScans.close();
            api.close();
        } finally {
            try {
                export.close();
            } finally {
                database.close();
                metrics.close();
                log.info("Trebuchet stopped");
            }
        }
    }
}
