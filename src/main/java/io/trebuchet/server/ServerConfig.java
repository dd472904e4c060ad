package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import io.trebuchet.api.ApiSettings;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.chart.ChartSources;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.imageautomation.RegistryBudgetSettings;
import io.trebuchet.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Everything {@code trebuchet serve} needs to start. */
public record ServerConfig(
        ApiSettings api,
        Path dataDirectory,
        StoreSettings store,
        ExportSettings export,
        Duration schedulerInterval,
        AuthSettings auth,
        ChartSources chartSources,
        RegistryBudgetSettings registryBudgets) {
    public static final Duration DEFAULT_SCHEDULER_INTERVAL = Duration.ofSeconds(15);

    public ServerConfig {
        requireNonNull(api, "api is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(store, "store is null");
        requireNonNull(export, "export is null");
        requireNonNull(schedulerInterval, "schedulerInterval is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(chartSources, "chartSources is null");
        requireNonNull(registryBudgets, "registryBudgets is null");
    }

    public ServerConfig(
            ApiSettings api,
            Path dataDirectory,
            StoreSettings store,
            ExportSettings export,
            Duration schedulerInterval,
            AuthSettings auth) {
        this(
                api,
                dataDirectory,
                store,
                export,
                schedulerInterval,
                auth,
                ChartSources.NONE,
                RegistryBudgetSettings.DEFAULT);
    }

    /** Without authentication. */
    public ServerConfig(
            ApiSettings api,
            Path dataDirectory,
            StoreSettings store,
            ExportSettings export,
            Duration schedulerInterval) {
        this(api, dataDirectory, store, export, schedulerInterval, AuthSettings.NONE);
    }

    public ServerConfig(ApiSettings api, Path dataDirectory, StoreSettings store, ExportSettings export) {
        this(api, dataDirectory, store, export, DEFAULT_SCHEDULER_INTERVAL);
    }

    public ServerConfig withAuth(AuthSettings settings) {
        return new ServerConfig(
                api, dataDirectory, store, export, schedulerInterval, settings, chartSources, registryBudgets);
    }

    public ServerConfig withChartSources(ChartSources sources) {
        return new ServerConfig(api, dataDirectory, store, export, schedulerInterval, auth, sources, registryBudgets);
    }

    /** With the request budgets image automation keeps to, per registry host. */
    public ServerConfig withRegistryBudgets(RegistryBudgetSettings budgets) {
        return new ServerConfig(api, dataDirectory, store, export, schedulerInterval, auth, chartSources, budgets);
    }

    /** With the default git export: a bare repository in the data directory. */
    public ServerConfig(ApiSettings api, Path dataDirectory, StoreSettings store) {
        this(api, dataDirectory, store, ExportSettings.defaults(dataDirectory));
    }

    /** The embedded default: the embedded store under {@code dataDirectory}. */
    public static ServerConfig embedded(ApiSettings api, Path dataDirectory) {
        return new ServerConfig(api, dataDirectory, StoreSettings.embedded(dataDirectory));
    }
}
