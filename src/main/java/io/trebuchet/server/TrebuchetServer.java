package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.ApiServer;
import io.trebuchet.api.HttpResource;
import io.trebuchet.api.OpenApiResource;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventResource;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.DeployResource;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.DeployStore;
import io.trebuchet.environment.EnvironmentResource;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportResource;
import io.trebuchet.gitexport.ExportWorker;
import io.trebuchet.overview.OverviewResource;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.ReleaseResource;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.release.ReleaseStore;
import io.trebuchet.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
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

    private TrebuchetServer(Database database, ExportWorker export, ApiServer api) {
        this.database = database;
        this.export = export;
        this.api = api;
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
        Database database = Database.open(config.database());
        ExportWorker export = null;
        try {
            EventLog events = new EventLog(clock);
            EnvironmentService environments = new EnvironmentService(database, events, clock);
            ReleaseStore releaseStore = new ReleaseStore();
            DeployService deploys =
                    new DeployService(database, new DeployStore(), releaseStore, environments, events, clock);
            ReleaseService releases = new ReleaseService(database, releaseStore, environments, events, deploys, clock);
            OverviewService overview = new OverviewService(database, environments, events);
            export = ExportWorker.start(database, events, config.export(), clock);
            List<HttpResource> resources = List.of(
                    new HealthResource(database, events),
                    new OpenApiResource(),
                    new EnvironmentResource(environments),
                    new ReleaseResource(releases),
                    new DeployResource(deploys),
                    new OverviewResource(overview),
                    new EventResource(database, events),
                    new ExportResource(export));
            ApiServer api = ApiServer.start(config.api(), resources);
            log.info(
                    "Trebuchet listening on http://{}:{} (data in {})",
                    config.api().bindAddress(),
                    api.port(),
                    config.dataDirectory().toAbsolutePath());
            return new TrebuchetServer(database, export, api);
        } catch (RuntimeException e) {
            if (export != null) {
                export.close();
            }
            database.close();
            throw e;
        }
    }

    public int port() {
        return api.port();
    }

    public List<String> routes() {
        return api.routes();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            try {
                export.close();
            } finally {
                database.close();
            }
        }
    }
}
