package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.ApplicationService;
import io.trebuchet.application.ApplicationStore;
import io.trebuchet.audit.EventLog;
import io.trebuchet.auth.TokenService;
import io.trebuchet.chart.ChartReleaseService;
import io.trebuchet.chart.ChartSources;
import io.trebuchet.chart.ChartSubscriptionService;
import io.trebuchet.config.ConfigService;
import io.trebuchet.deploy.CommitService;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.DeployStore;
import io.trebuchet.deploy.ReleaseIntakeService;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.imageautomation.ImageAutomationService;
import io.trebuchet.imageautomation.RegistryBudgetSettings;
import io.trebuchet.imageautomation.RegistryBudgets;
import io.trebuchet.imageautomation.RegistryClient;
import io.trebuchet.kuberpult.KuberpultImporter;
import io.trebuchet.lock.LockService;
import io.trebuchet.overview.OverviewService;
import io.trebuchet.release.ReleaseService;
import io.trebuchet.release.ReleaseStore;
import io.trebuchet.stack.StackService;
import io.trebuchet.store.Database;
import io.trebuchet.train.TrainService;
import io.trebuchet.values.TemplateReleaseService;
import io.trebuchet.values.ValuesService;
import java.time.Clock;

/**
 * The feature services over one store, wired in the one place that knows their object graph: the server serves them,
 * and a command that works on the store directly ({@code import-kuberpult}) uses the same graph.
 */
public record Features(
        EventLog events,
        EnvironmentService environments,
        ApplicationService applications,
        LockService locks,
        DeployService deploys,
        ReleaseService releases,
        ReleaseIntakeService intake,
        TrainService trains,
        OverviewService overview,
        CommitService commits,
        StackService stacks,
        ValuesService values,
        ConfigService platformConfig,
        TemplateReleaseService templateReleases,
        ChartReleaseService chartReleases,
        TokenService tokens,
        KuberpultImporter kuberpult,
        ImageAutomationService imageAutomation,
        ChartSubscriptionService chartSubscriptions) {

    /** The graph without the settings only a server has (no chart is fetched). */
    public static Features wire(Database database, Clock clock) {
        return wire(database, clock, ChartSources.NONE);
    }

    public static Features wire(Database database, Clock clock, ChartSources chartSources) {
        return wire(database, clock, chartSources, RegistryBudgetSettings.DEFAULT);
    }

    /** The server's graph: charts fetched only from {@code chartSources}, registries asked within their budgets. */
    public static Features wire(
            Database database, Clock clock, ChartSources chartSources, RegistryBudgetSettings registryBudgets) {
        requireNonNull(database, "database is null");
        requireNonNull(clock, "clock is null");
        EventLog events = new EventLog(clock);
        EnvironmentService environments = new EnvironmentService(database, events, clock);
        ApplicationService applications =
                new ApplicationService(database, new ApplicationStore(), environments, events, clock);
        ReleaseService releases =
                new ReleaseService(database, new ReleaseStore(), applications, environments, events, clock);
        DeployStore deployStore = new DeployStore();
        LockService locks = new LockService(database, environments, applications, events, clock);
        DeployService deploys =
                new DeployService(database, deployStore, releases, applications, environments, locks, events, clock);
        ReleaseIntakeService intake = new ReleaseIntakeService(database, releases, deploys);
        StackService stacks =
                new StackService(database, releases, applications, environments, deploys, locks, events, clock);
        ValuesService values = new ValuesService(database, applications, environments, stacks, events, clock);
        TemplateReleaseService templateReleases =
                new TemplateReleaseService(database, intake, applications, environments, values);
        // One budget per registry host for image scans and chart fetches together.
        RegistryBudgets budgets = RegistryBudgets.real(registryBudgets);
        ChartReleaseService chartReleases =
                new ChartReleaseService(database, intake, applications, environments, values, chartSources, budgets);
        ChartSubscriptionService chartSubscriptions =
                new ChartSubscriptionService(database, applications, chartReleases, clock);
        ImageAutomationService imageAutomation = new ImageAutomationService(
                database,
                applications,
                templateReleases,
                chartReleases,
                RegistryClient.standard(clock, budgets),
                clock);
        return new Features(
                events,
                environments,
                applications,
                locks,
                deploys,
                releases,
                intake,
                new TrainService(database, environments, applications, locks, deploys, events, clock),
                new OverviewService(database, environments, locks, deploys, events, clock),
                new CommitService(database, deployStore, releases, environments),
                stacks,
                values,
                new ConfigService(
                        database,
                        environments,
                        applications,
                        deploys,
                        stacks,
                        values,
                        imageAutomation,
                        chartSubscriptions,
                        chartReleases),
                templateReleases,
                chartReleases,
                new TokenService(database, events, clock),
                new KuberpultImporter(database, environments, releases, deploys, locks, clock),
                imageAutomation,
                chartSubscriptions);
    }
}
