package io.trebuchet.cli;

import io.trebuchet.api.AdmissionSettings;
import io.trebuchet.api.ApiSettings;
import io.trebuchet.auth.AuthSettings;
import io.trebuchet.chart.ChartSources;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.gitexport.ArgoCdSources;
import io.trebuchet.gitexport.ChartOutput;
import io.trebuchet.gitexport.ExportMode;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.RemoteCredentials;
import io.trebuchet.imageautomation.RegistryBudgetSettings;
import io.trebuchet.server.LogFormat;
import io.trebuchet.server.ServerConfig;
import io.trebuchet.server.TrebuchetServer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trebuchet serve}: runs the server until it is stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the Trebuchet server (API and UI).",
        footer = {
            "",
            "Examples:",
            "  trebuchet serve                                  # embedded store in ./data, http://localhost:8080",
            "  trebuchet serve --port 9090 --data-dir /var/lib/trebuchet",
            "  trebuchet serve --bind 0.0.0.0 --allowed-host trebuchet.example.com --auth-mode token --rbac-policy rbac.csv",
            "  trebuchet serve --auth-mode oidc --oidc-issuer https://login.example.com --oidc-client-id trebuchet ...",
            "  trebuchet serve --database-url jdbc:postgresql://db:5432/trebuchet --database-user trebuchet",
            "  TREBUCHET_MANIFEST_REPO_TOKEN=... trebuchet serve --manifest-repo https://git.example.com/org/manifests.git",
            "  trebuchet serve --log-format json                # JSON log lines",
            "",
            "On SIGTERM the server stops accepting requests, answers those in flight (up to 20 s), lets the git export"
                    + " finish its current step, and exits."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    AuthOptions auth;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:TREBUCHET_PORT:-8080}",
            description = "HTTP port (env TREBUCHET_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "${env:TREBUCHET_BIND:-127.0.0.1}",
            description = "Address to listen on (env TREBUCHET_BIND, default ${DEFAULT-VALUE}: only this machine).")
    String bind;

    @Option(
            names = "--allowed-host",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "${env:TREBUCHET_ALLOWED_HOSTS}",
            description = "A host name (or address) this server is reached by besides localhost, 127.0.0.1, [::1] and"
                    + " the --bind address, e.g. trebuchet.example.com or *.example.com; repeatable (env"
                    + " TREBUCHET_ALLOWED_HOSTS, comma-separated). Requests for other names are refused, so that"
                    + " other sites cannot reach the server through DNS rebinding.")
    List<String> allowedHosts;

    @Option(
            names = "--chart-source",
            split = ",",
            paramLabel = "HOST",
            defaultValue = "${env:TREBUCHET_CHART_SOURCES}",
            description = "A host (with :PORT when not the default) that chart releases may fetch charts from: a chart"
                    + " repository or OCI registry, e.g. charts.example.com or ghcr.io; repeatable (env"
                    + " TREBUCHET_CHART_SOURCES, comma-separated). None by default: charts are then uploaded with the"
                    + " release, and the server requests no URL a release names.")
    List<String> chartSources;

    @Option(
            names = "--registry-budget",
            paramLabel = "HOST=RATE",
            defaultValue = "${env:TREBUCHET_REGISTRY_BUDGETS}",
            split = ";",
            description =
                    "The requests image automation and chart fetches may send to a registry host: HOST=RATE[,burst=N][,concurrency=N],"
                            + " RATE a second on average, e.g. ghcr.io=5,burst=10 or registry.example.com:5000=20; HOST * sets"
                            + " every other host's; repeatable (env TREBUCHET_REGISTRY_BUDGETS, separated by ';'). Default"
                            + " *=1,burst=5,concurrency=2, under Docker Hub's anonymous limits.")
    List<String> registryBudgets;

    @Option(
            names = "--chart-credentials",
            split = ",",
            paramLabel = "HOST=LOGIN",
            defaultValue = "${env:TREBUCHET_CHART_CREDENTIALS}",
            description = "How to sign in to a --chart-source; LOGIN is USERNAME:PASSWORD_FILE, the absolute path of a"
                    + " file holding the password or access token (read at each fetch, never stored), e.g."
                    + " ghcr.io=ci:/run/secrets/ghcr-token; repeatable (env TREBUCHET_CHART_CREDENTIALS,"
                    + " comma-separated). Without it, registries are asked for an anonymous token when they want one.")
    List<String> chartCredentials;

    @Option(
            names = "--max-request-size",
            paramLabel = "BYTES",
            defaultValue = "${env:TREBUCHET_MAX_REQUEST_SIZE:-33554432}",
            description =
                    "Largest request body in bytes (env TREBUCHET_MAX_REQUEST_SIZE, default ${DEFAULT-VALUE} = 32 MiB).")
    long maxRequestBytes;

    @Option(
            names = "--max-concurrent-requests",
            paramLabel = "N",
            defaultValue = "${env:TREBUCHET_MAX_CONCURRENT_REQUESTS:-12}",
            description = "API requests served at the same time; more wait briefly, then get 503 OVERLOADED with"
                    + " Retry-After (env TREBUCHET_MAX_CONCURRENT_REQUESTS, default ${DEFAULT-VALUE}; the store has"
                    + " 16 connections).")
    int maxConcurrentRequests;

    @Option(
            names = "--max-queued-requests",
            paramLabel = "N",
            defaultValue = "${env:TREBUCHET_MAX_QUEUED_REQUESTS:-64}",
            description = "Requests that may wait up to 2 s for their turn; more are refused at once with 503"
                    + " OVERLOADED (env TREBUCHET_MAX_QUEUED_REQUESTS, default ${DEFAULT-VALUE}).")
    int maxQueuedRequests;

    @Option(
            names = "--manifest-repo",
            paramLabel = "URL",
            defaultValue = "${env:TREBUCHET_MANIFEST_REPO}",
            description = "Manifest repository to export to: a path, file://, https:// or ssh:// URL (env"
                    + " TREBUCHET_MANIFEST_REPO); default: a bare repository manifests.git in the data directory,"
                    + " created on first start.")
    String manifestRepository;

    @Option(
            names = "--manifest-branch",
            paramLabel = "BRANCH",
            defaultValue = "${env:TREBUCHET_MANIFEST_BRANCH:-main}",
            description =
                    "Branch of the manifest repository (env TREBUCHET_MANIFEST_BRANCH, default ${DEFAULT-VALUE}).")
    String manifestBranch;

    @Option(
            names = "--export-mode",
            paramLabel = "argocd|flux",
            defaultValue = "${env:TREBUCHET_EXPORT_MODE:-argocd}",
            description = "What the repository tells the clusters to apply: argocd (Argo CD Applications in"
                    + " argocd/v1alpha1) or flux (Flux Kustomizations in flux/) (env TREBUCHET_EXPORT_MODE, default"
                    + " ${DEFAULT-VALUE}).")
    ExportMode exportMode;

    @Option(
            names = "--chart-output",
            paramLabel = "rendered|helmrelease",
            defaultValue = "${env:TREBUCHET_CHART_OUTPUT:-rendered}",
            description = "What the export writes for a release made from a chart in a repository or registry: its"
                    + " rendered manifests, or (with --export-mode flux) a Flux HelmRelease and its source with the"
                    + " merged values (env TREBUCHET_CHART_OUTPUT, default ${DEFAULT-VALUE}).")
    ChartOutput chartOutput;

    @Option(
            names = "--argocd-sources",
            paramLabel = "list|single",
            defaultValue = "${env:TREBUCHET_ARGOCD_SOURCES:-list}",
            converter = ArgoCdSourcesConverter.class,
            description = "How Argo CD Applications point at their manifests: list (spec.sources, as Kuberpult v13.46"
                    + " and later) or single (spec.source, as older Kuberpult) (env TREBUCHET_ARGOCD_SOURCES, default"
                    + " ${DEFAULT-VALUE}).")
    ArgoCdSources argoCdSources;

    @Option(
            names = "--argocd-repo-url",
            paramLabel = "URL",
            defaultValue = "${env:TREBUCHET_ARGOCD_REPO_URL}",
            description = "Repository URL written into the Argo CD applications, when Argo CD reaches the repository"
                    + " under another URL than Trebuchet (env TREBUCHET_ARGOCD_REPO_URL); default: --manifest-repo.")
    String applicationRepoUrl;

    @Option(
            names = "--flux-source",
            paramLabel = "NAME",
            defaultValue = "${env:TREBUCHET_FLUX_SOURCE:-" + ExportSettings.DEFAULT_FLUX_SOURCE + "}",
            description = "Name of the Flux GitRepository the Kustomizations use (env TREBUCHET_FLUX_SOURCE, default"
                    + " ${DEFAULT-VALUE}).")
    String fluxSource;

    @Option(
            names = "--flux-namespace",
            paramLabel = "NAMESPACE",
            defaultValue = "${env:TREBUCHET_FLUX_NAMESPACE:-" + ExportSettings.DEFAULT_FLUX_NAMESPACE + "}",
            description = "Namespace of the Kustomizations and their GitRepository (env TREBUCHET_FLUX_NAMESPACE,"
                    + " default ${DEFAULT-VALUE}).")
    String fluxNamespace;

    @Option(
            names = "--manifest-repo-username",
            paramLabel = "USER",
            defaultValue = "${env:TREBUCHET_MANIFEST_REPO_USERNAME}",
            description = "User name for an https manifest repository (env TREBUCHET_MANIFEST_REPO_USERNAME);"
                    + " with only a token: " + RemoteCredentials.TOKEN_USERNAME + ".")
    String repositoryUsername;

    @Option(
            names = "--manifest-repo-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:TREBUCHET_MANIFEST_REPO_PASSWORD}",
            description = "Password or token for an https manifest repository (env TREBUCHET_MANIFEST_REPO_PASSWORD"
                    + " or TREBUCHET_MANIFEST_REPO_TOKEN; prefer the variables to the flag).")
    String repositoryPassword;

    @Option(
            names = "--manifest-repo-ssh-key",
            paramLabel = "FILE",
            defaultValue = "${env:TREBUCHET_MANIFEST_REPO_SSH_KEY}",
            description = "Private key file for an ssh manifest repository (env TREBUCHET_MANIFEST_REPO_SSH_KEY).")
    Path sshKey;

    @Option(
            names = "--manifest-repo-known-hosts",
            paramLabel = "FILE",
            defaultValue = "${env:TREBUCHET_MANIFEST_REPO_KNOWN_HOSTS}",
            description = "known_hosts file with the ssh server's host key (env TREBUCHET_MANIFEST_REPO_KNOWN_HOSTS);"
                    + " unknown hosts are refused.")
    Path knownHosts;

    @Option(
            names = "--export-batch-size",
            paramLabel = "N",
            defaultValue = "${env:TREBUCHET_EXPORT_BATCH_SIZE:-" + ExportSettings.DEFAULT_BATCH_SIZE + "}",
            description = "Commit at once when this many events wait, without waiting for --export-max-delay (env"
                    + " TREBUCHET_EXPORT_BATCH_SIZE, default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--export-max-delay-ms",
            paramLabel = "MILLISECONDS",
            defaultValue = "${env:TREBUCHET_EXPORT_MAX_DELAY_MS:-200}",
            description = "How long events may gather into one commit, in milliseconds (env"
                    + " TREBUCHET_EXPORT_MAX_DELAY_MS, default ${DEFAULT-VALUE}).")
    long maxDelayMillis;

    @Option(
            names = "--replica-id",
            paramLabel = "ID",
            defaultValue = "${env:TREBUCHET_REPLICA_ID}",
            description = "This server's name among the replicas sharing a PostgreSQL store, shown in the export status"
                    + " as the replica that leads (env TREBUCHET_REPLICA_ID; default: the host name and the process id)"
                    + ".")
    String replicaId;

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            defaultValue = "${env:TREBUCHET_LOG_FORMAT:-text}",
            description = "How the server logs: text, or json (one object per line, for log collectors) (env"
                    + " TREBUCHET_LOG_FORMAT, default ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Override
    public Integer call() throws InterruptedException {
        logFormat.apply();
        if (maxConcurrentRequests < 1 || maxQueuedRequests < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--max-concurrent-requests must be at least 1 and --max-queued-requests at least 0");
        }
        ApiSettings api;
        try {
            api = new ApiSettings(
                    bind,
                    port,
                    maxRequestBytes,
                    allowedHosts == null
                            ? List.of()
                            : allowedHosts.stream()
                                    .filter(host -> !host.isBlank())
                                    .toList(),
                    new AdmissionSettings(
                            maxConcurrentRequests,
                            AdmissionSettings.DEFAULTS.pageConcurrency(),
                            maxQueuedRequests,
                            AdmissionSettings.DEFAULTS.maxWait()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AuthSettings authSettings;
        try {
            authSettings = auth.settings(System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException | TrebuchetException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (api.reachableFromOtherMachines() && !authSettings.enabled()) {
            if (!authSettings.insecureNoAuth()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "refusing to start: " + api.exposure()
                                + " To serve without authentication anyway, pass --insecure-no-auth.");
            }
            spec.commandLine().getErr().println("WARNING: INSECURE (--insecure-no-auth): " + api.exposure());
            spec.commandLine().getErr().flush();
        }
        ExportSettings exportSettings;
        try {
            exportSettings = export();
        } catch (IllegalArgumentException | TrebuchetException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        TrebuchetServer server = TrebuchetServer.start(
                new ServerConfig(api, store.dataDirectory(), store.store(), exportSettings)
                        .withAuth(authSettings)
                        .withChartSources(chartSources())
                        .withRegistryBudgets(registryBudgets()),
                Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "trebuchet-shutdown"));
        stopped.await();
        return Main.EXIT_OK;
    }

    private ExportSettings export() {
        ExportSettings settings = blank(manifestRepository)
                ? ExportSettings.defaults(store.dataDirectory())
                : ExportSettings.of(manifestRepository, store.dataDirectory());
        if (!blank(applicationRepoUrl)) {
            settings = settings.withApplicationRepoUrl(applicationRepoUrl);
        }
        String password =
                blank(repositoryPassword) ? System.getenv("TREBUCHET_MANIFEST_REPO_TOKEN") : repositoryPassword;
        RemoteCredentials credentials = sshKey != null
                ? RemoteCredentials.ssh(sshKey, Optional.ofNullable(knownHosts))
                : RemoteCredentials.https(Optional.ofNullable(repositoryUsername), Optional.ofNullable(password));
        return settings.withBranch(manifestBranch)
                .withMode(exportMode)
                .withChartOutput(chartOutput)
                .withArgoCdSources(argoCdSources)
                .withFluxSource(fluxSource, fluxNamespace)
                .withCredentials(credentials)
                .withBatching(batchSize, Duration.ofMillis(maxDelayMillis))
                .withReplica(blank(replicaId) ? ExportSettings.defaultReplica() : replicaId);
    }

    private ChartSources chartSources() {
        try {
            return ChartSources.of(
                            chartSources == null
                                    ? List.of()
                                    : chartSources.stream()
                                            .filter(host -> !host.isBlank())
                                            .toList())
                    .withCredentials(
                            chartCredentials == null
                                    ? List.of()
                                    : chartCredentials.stream()
                                            .filter(entry -> !entry.isBlank())
                                            .toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--chart-source, --chart-credentials: " + e.getMessage(), e);
        }
    }

    private RegistryBudgetSettings registryBudgets() {
        try {
            return RegistryBudgetSettings.parse(
                    registryBudgets == null
                            ? List.of()
                            : registryBudgets.stream()
                                    .filter(spec -> !spec.isBlank())
                                    .toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--registry-budget: " + e.getMessage(), e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Reads {@code list} or {@code single}, as the help says. */
    static final class ArgoCdSourcesConverter implements picocli.CommandLine.ITypeConverter<ArgoCdSources> {
        @Override
        public ArgoCdSources convert(String value) {
            try {
                return ArgoCdSources.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
