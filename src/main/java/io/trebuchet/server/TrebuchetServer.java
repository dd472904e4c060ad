package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.AccessControl;
import io.trebuchet.api.Admission;
import io.trebuchet.api.ApiServer;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.OpenApiResource;
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
import io.trebuchet.config.ConfigResource;
import io.trebuchet.config.ConfigService;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.CommitResource;
import io.trebuchet.deploy.CommitService;
import io.trebuchet.deploy.DeployResource;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.DeployStore;
import io.trebuchet.deploy.ReleaseIntakeService;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentResource;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportResource;
import io.trebuchet.gitexport.ExportWorker;
import io.trebuchet.imageautomation.ImageAutomationResource;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.imageautomation.ImageScanWorker;
import io.trebuchet.imageautomation.RegistryBudgets;
import io.trebuchet.imageautomation.RegistryClient;
import io.trebuchet.imageautomation.RequestBudget;
import io.trebuchet.lock.LockResource;
import io.trebuchet.lock.LockService;
import io.trebuchet.overview.OverviewResource;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.ReleaseResource;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.release.ReleaseStore;
import io.trebuchet.stack.StackResource;
import io.trebuchet.stack.StackService;
import io.trebuchet.store.Database;
import io.trebuchet.train.TrainResource;
import io.trebuchet.train.TrainScheduler;
import io.trebuchet.train.TrainService;
import io.trebuchet.values.TemplateReleaseService;
import io.trebuchet.values.ValuesResource;
import io.trebuchet.values.ValuesService;
import io.trebuchet.web.WebUi;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
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

    private final Database database;
    private final ExportWorker export;
    private final ApiServer api;
    private final TrainScheduler scheduler;
    private final ImageScanWorker imageScans;

    private TrebuchetServer(
            Database database,
            ExportWorker export,
            ApiServer api,
            TrainScheduler scheduler,
            ImageScanWorker imageScans) {
        this.database = database;
        this.export = export;
        this.api = api;
        this.scheduler = scheduler;
        this.imageScans = imageScans;
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
        ExportWorker export = null;
        try {
            EventLog events = new EventLog(clock);
            EnvironmentService environments = new EnvironmentService(database, events, clock);
            ReleaseStore releaseStore = new ReleaseStore();
            LockService locks = new LockService(database, environments, releaseStore, events, clock);
            DeployStore deployStore = new DeployStore();
            DeployService deploys =
                    new DeployService(database, deployStore, releaseStore, environments, locks, events, clock);
            ReleaseService releases = new ReleaseService(database, releaseStore, environments, events, clock);
            ReleaseIntakeService intake = new ReleaseIntakeService(database, releases, deploys);
            TrainService trains = new TrainService(database, environments, releaseStore, locks, deploys, events, clock);
            OverviewService overview = new OverviewService(database, environments, locks, deploys, events, clock);
            CommitService commits = new CommitService(database, deployStore, releaseStore, environments);
            StackService stacks = new StackService(database, releaseStore, environments, deploys, locks, events, clock);
            ValuesService values =
                    new ValuesService(database, releases, releaseStore, environments, stacks, events, clock);
            TemplateReleaseService templateReleases =
                    new TemplateReleaseService(database, intake, releaseStore, environments, values);
            ImageAutomationService imageAutomation = new ImageAutomationService(
                    database,
                    releases,
                    templateReleases,
                    new RegistryClient(
                            RegistryClient.newHttpClient(),
                            new RegistryBudgets(
                                    RequestBudget.Settings.DEFAULT,
                                    java.util.Map.of(),
                                    java.time.Clock.systemUTC(),
                                    RequestBudget.Pause.REAL),
                            RegistryClient.Settings.DEFAULT,
                            clock,
                            RequestBudget.Pause.REAL),
                    clock);
            ConfigService platformConfig = new ConfigService(
                    database, environments, releases, releaseStore, deployStore, stacks, values, imageAutomation);

            export = ExportWorker.start(database, events, config.export(), clock);
            Admission admission = new Admission(config.api().admission());
            AuthSettings auth = config.auth();
            TokenService tokens = new TokenService(database, events, clock);
            SessionService sessions = new SessionService(database, clock, auth.sessionLifetime());
            Optional<OidcProvider> oidc = auth.oidc().map(settings -> new OidcProvider(settings, clock));
            AccessControl access = new AccessControl(
                    auth,
                    auth.enabled() ? Optional.of(new Authenticator(auth, tokens, oidc, sessions)) : Optional.empty(),
                    scopes(database, environments, releases),
                    new AuthFailures(auth.maxFailures(), auth.failureWindow(), clock));
            List<HttpResource> resources = new ArrayList<>(List.of(
                    new HealthResource(database, events, admission),
                    new OpenApiResource(),
                    new EnvironmentResource(environments),
                    new ReleaseResource(releases, intake),
                    new DeployResource(deploys),
                    new LockResource(locks),
                    new TrainResource(trains),
                    new StackResource(stacks),
                    new ValuesResource(values, templateReleases),
                    new OverviewResource(overview),
                    new EventResource(database, events),
                    new CommitResource(commits),
                    new ConfigResource(platformConfig),
                    new ImageAutomationResource(imageAutomation),
                    new ExportResource(export),
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
                            tokens),
                    clock));
            ApiServer api = ApiServer.start(config.api(), admission, access, resources);
            TrainScheduler scheduler =
                    new TrainScheduler(database, environments, trains, clock, config.schedulerInterval());
            scheduler.start();
            ImageScanWorker imageScans = new ImageScanWorker(imageAutomation, config.schedulerInterval());
            imageScans.start();
            logSummary(config, api.port());
            if (config.api().reachableFromOtherMachines() && !auth.enabled()) {
                log.warn("INSECURE (--insecure-no-auth): {}", config.api().exposure());
            }
            if (!config.api().allowedHosts().isEmpty()) {
                log.info("Also answering to the host names {}", config.api().allowedHosts());
            }
            return new TrebuchetServer(database, export, api, scheduler, imageScans);
        } catch (RuntimeException e) {
            if (export != null) {
                export.close();
            }
            database.close();
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
    private static ScopeLookup scopes(Database database, EnvironmentService environments, ReleaseService releases) {
        return new ScopeLookup() {
            @Override
            public Optional<GroupName> groupOf(EnvName environment) {
                return database.read(handle -> environments.find(handle, environment))
                        .map(Environment::group);
            }

            @Override
            public Optional<TeamName> teamOf(AppName application) {
                try {
                    return releases.spec(application).team();
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
            api.close();
        } finally {
            try {
                export.close();
            } finally {
                database.close();
                log.info("Trebuchet stopped");
            }
        }
    }
}
