package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.Admission;
import io.trebuchet.api.ApiServer;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.OpenApiResource;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventResource;
import io.trebuchet.config.ConfigResource;
import io.trebuchet.config.ConfigService;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.CommitResource;
import io.trebuchet.deploy.CommitService;
import io.trebuchet.deploy.DeployResource;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.DeployStore;
import io.trebuchet.deploy.ReleaseIntakeService;
import io.trebuchet.environment.EnvironmentResource;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportResource;
import io.trebuchet.gitexport.ExportWorker;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Trebuchet: the store, the feature services, the git export and the HTTP server, started and stopped
 * together.
 */
public final class TrebuchetServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrebuchetServer.class);
    /** There is no authentication yet; the security work replaces this with the configured mode. */
    private static final String AUTHENTICATION = "none";

    private final Database database;
    private final ExportWorker export;
    private final ApiServer api;
    private final TrainScheduler scheduler;

    private TrebuchetServer(Database database, ExportWorker export, ApiServer api, TrainScheduler scheduler) {
        this.database = database;
        this.export = export;
        this.api = api;
        this.scheduler = scheduler;
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
            ConfigService platformConfig =
                    new ConfigService(database, environments, releases, releaseStore, deployStore, stacks, values);

            TemplateReleaseService templateReleases =
                    new TemplateReleaseService(database, intake, releaseStore, environments, values);
            export = ExportWorker.start(database, events, config.export(), clock);
            Admission admission = new Admission(config.api().admission());
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
                    new ExportResource(export)));
            resources.addAll(WebUi.resources(
                    new WebUi.Services(
                            database, events, environments, releases, deploys, overview, locks, trains, export::status),
                    clock));
            ApiServer api = ApiServer.start(config.api(), admission, resources);
            TrainScheduler scheduler =
                    new TrainScheduler(database, environments, trains, clock, config.schedulerInterval());
            scheduler.start();
            logSummary(config, api.port());
            config.api().exposureWarning().ifPresent(warning -> log.warn("{}", warning));
            if (!config.api().allowedHosts().isEmpty()) {
                log.info("Also answering to the host names {}", config.api().allowedHosts());
            }
            return new TrebuchetServer(database, export, api, scheduler);
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
                .addKeyValue("auth", AUTHENTICATION)
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
                        AUTHENTICATION);
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
