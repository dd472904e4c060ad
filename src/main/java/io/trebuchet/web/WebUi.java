package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.HttpResource;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.EventLog;
import io.trebuchet.auth.TokenService;
import io.trebuchet.chart.ChartReleaseService;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportStatus;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.lock.LockService;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.store.Database;
import io.trebuchet.train.TrainService;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** The web UI's pages and assets, built on the feature services they call in-process. */
public final class WebUi {
    private WebUi() {}

    /** The services the pages call. */
    public record Services(
            Database database,
            EventLog events,
            EnvironmentService environments,
            ReleaseService releases,
            DeployService deploys,
            OverviewService overview,
            LockService locks,
            TrainService trains,
            Supplier<ExportStatus> export,
            TokenService tokens,
            ImageAutomationService imageAutomation,
            ChartReleaseService chartReleases,
            ApplicationService applications) {
        public Services {
            requireNonNull(applications, "applications is null");
            requireNonNull(chartReleases, "chartReleases is null");
            requireNonNull(database, "database is null");
            requireNonNull(events, "events is null");
            requireNonNull(environments, "environments is null");
            requireNonNull(releases, "releases is null");
            requireNonNull(deploys, "deploys is null");
            requireNonNull(overview, "overview is null");
            requireNonNull(locks, "locks is null");
            requireNonNull(trains, "trains is null");
            requireNonNull(export, "export is null");
            requireNonNull(tokens, "tokens is null");
            requireNonNull(imageAutomation, "imageAutomation is null");
        }
    }

    public static List<HttpResource> resources(Services services, Clock clock) {
        requireNonNull(services, "services is null");
        Pages pages = new Pages(clock);
        return List.of(
                new WebAssets(),
                new OverviewPage(pages, services.overview(), services.export()),
                new ApplicationPage(
                        pages,
                        services.overview(),
                        services.environments(),
                        services.releases(),
                        services.deploys(),
                        services.locks(),
                        services.imageAutomation(),
                        services.chartReleases()),
                new EnvironmentsPage(
                        pages, services.environments(), services.overview(), services.locks(), services.trains()),
                new LocksPage(pages, services.locks(), services.environments()),
                new HistoryPage(
                        pages,
                        services.database(),
                        services.events(),
                        services.environments(),
                        services.applications()),
                new TokensPage(pages, services.tokens()));
    }
}
