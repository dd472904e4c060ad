package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the git export writes: the remote it pushes to, what the files say, when commits are made, and where
 * the exporter keeps its own clone. {@code replica} names this server among the replicas sharing one store: the export
 * status tells which replica leads by it.
 */
public record ExportSettings(Remote remote, Output output, Batching batching, Path workDirectory, String replica) {
    public static final String DEFAULT_BRANCH = "main";
    public static final String DEFAULT_FLUX_SOURCE = "trebuchet-manifests";
    public static final String DEFAULT_FLUX_NAMESPACE = "flux-system";
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    /** What a replica id may be: it is the leader's PostgreSQL {@code application_name} (at most 63 bytes). */
    private static final Pattern REPLICA = Pattern.compile("[A-Za-z0-9._:@/-]{1,63}");

    private static final Pattern KUBERNETES_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public ExportSettings {
        requireNonNull(remote, "remote is null");
        requireNonNull(output, "output is null");
        requireNonNull(batching, "batching is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(replica, "replica is null");
        if (!REPLICA.matcher(replica).matches()) {
            throw new IllegalArgumentException(
                    "replica id must be 1 to 63 letters, digits or . _ : @ / -, not '%s'".formatted(replica));
        }
    }

    /**
     * The manifest repository the export pushes to.
     *
     * @param repository a path or file:// URL, an http(s):// URL or an ssh:// (or scp-like) URL
     * @param createLocalRepository whether to create {@code repository} as a bare repository when it does not exist
     *     (the embedded default under the data directory)
     * @param branch the branch that Argo CD or Flux follows
     */
    public record Remote(
            String repository, boolean createLocalRepository, String branch, RemoteCredentials credentials) {
        public Remote {
            requireNonNull(repository, "repository is null");
            requireNonNull(branch, "branch is null");
            requireNonNull(credentials, "credentials is null");
            if (repository.isBlank()) {
                throw invalid("the manifest repository is empty");
            }
            if (!BRANCH.matcher(branch).matches()
                    || branch.contains("..")
                    || branch.startsWith("/")
                    || branch.endsWith("/")) {
                throw invalid("manifest branch '%s' is not a valid branch name".formatted(branch));
            }
        }

        /** The repository as a URL JGit understands: plain paths become file:// URLs. */
        public String url() {
            return toUrl(repository);
        }

        /** The repository URL without credentials, for logs and the status endpoint. */
        public String redacted() {
            return redact(url());
        }

        public Optional<Path> localPath() {
            String url = url();
            return url.startsWith("file:") ? Optional.of(Path.of(URI.create(url))) : Optional.empty();
        }
    }

    /**
     * What the files tell the clusters.
     *
     * @param mode Argo CD applications or Flux Kustomizations
     * @param applicationRepoUrl the repository URL written into the Argo CD applications (Argo CD may reach the
     *     repository under another URL than Trebuchet does)
     * @param fluxSourceName the Flux {@code GitRepository} that the Kustomizations use as their source
     * @param fluxNamespace the namespace of the Kustomizations and of their {@code GitRepository}
     * @param chartOutput what is written for a release rendered from a chart: its rendered manifests, or (Flux mode
     *     only) a {@code HelmRelease} and its source
     * @param argoCdSources how Argo CD Applications point at their manifests: Kuberpult v13.46's {@code spec.sources}
     *     or the older {@code spec.source}
     */
    public record Output(
            ExportMode mode,
            String applicationRepoUrl,
            String fluxSourceName,
            String fluxNamespace,
            ChartOutput chartOutput,
            ArgoCdSources argoCdSources) {
        public Output {
            requireNonNull(mode, "mode is null");
            requireNonNull(argoCdSources, "argoCdSources is null");
            requireNonNull(applicationRepoUrl, "applicationRepoUrl is null");
            requireNonNull(fluxSourceName, "fluxSourceName is null");
            requireNonNull(fluxNamespace, "fluxNamespace is null");
            requireNonNull(chartOutput, "chartOutput is null");
            if (chartOutput == ChartOutput.HELMRELEASE && mode != ExportMode.FLUX) {
                throw invalid("chart output helmrelease writes Flux objects: it needs export mode flux");
            }
            if (!KUBERNETES_NAME.matcher(fluxSourceName).matches()) {
                throw invalid("Flux source name '%s' is not a valid Kubernetes name".formatted(fluxSourceName));
            }
            if (!KUBERNETES_NAME.matcher(fluxNamespace).matches()) {
                throw invalid("Flux namespace '%s' is not a valid Kubernetes name".formatted(fluxNamespace));
            }
        }

        /** Rendered chart releases and Kuberpult v13.55's default Argo CD form. */
        public Output(ExportMode mode, String applicationRepoUrl, String fluxSourceName, String fluxNamespace) {
            this(mode, applicationRepoUrl, fluxSourceName, fluxNamespace, ChartOutput.RENDERED, ArgoCdSources.LIST);
        }
    }

    /**
     * When commits are made.
     *
     * @param batchSize export without waiting for {@code maxDelay} once this many events wait
     * @param maxDelay how long to let events gather into one commit after the first of them arrived
     * @param pollInterval how often to look for new events
     */
    public record Batching(int batchSize, Duration maxDelay, Duration pollInterval) {
        public static final Batching DEFAULT =
                new Batching(DEFAULT_BATCH_SIZE, DEFAULT_MAX_DELAY, DEFAULT_POLL_INTERVAL);

        public Batching {
            requireNonNull(maxDelay, "maxDelay is null");
            requireNonNull(pollInterval, "pollInterval is null");
            if (batchSize < 1) {
                throw invalid("export batch size must be positive, got " + batchSize);
            }
            if (maxDelay.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
                throw invalid("export delays must not be negative");
            }
        }
    }

    /**
     * The embedded default: a bare repository {@code manifests.git} in the data directory, created on first start,
     * Argo CD mode, branch {@code main}.
     */
    public static ExportSettings defaults(Path dataDirectory) {
        String url = fileUrl(dataDirectory.toAbsolutePath().resolve("manifests.git"));
        return new ExportSettings(
                new Remote(url, true, DEFAULT_BRANCH, RemoteCredentials.none()),
                new Output(ExportMode.ARGOCD, url, DEFAULT_FLUX_SOURCE, DEFAULT_FLUX_NAMESPACE),
                Batching.DEFAULT,
                dataDirectory.toAbsolutePath().resolve("export"),
                defaultReplica());
    }

    /** A repository at {@code repository} (path or URL) with the default settings otherwise. */
    public static ExportSettings of(String repository, Path dataDirectory) {
        return new ExportSettings(
                new Remote(repository, false, DEFAULT_BRANCH, RemoteCredentials.none()),
                // Credentials in the URL are for Trebuchet; they must not reach the applications' files.
                new Output(ExportMode.ARGOCD, redact(toUrl(repository)), DEFAULT_FLUX_SOURCE, DEFAULT_FLUX_NAMESPACE),
                Batching.DEFAULT,
                dataDirectory.toAbsolutePath().resolve("export"),
                defaultReplica());
    }

    public ExportSettings withBranch(String branch) {
        return withRemote(
                new Remote(remote.repository(), remote.createLocalRepository(), branch, remote.credentials()));
    }

    public ExportSettings withCredentials(RemoteCredentials credentials) {
        return withRemote(
                new Remote(remote.repository(), remote.createLocalRepository(), remote.branch(), credentials));
    }

    public ExportSettings withMode(ExportMode mode) {
        return withOutput(new Output(
                mode,
                output.applicationRepoUrl(),
                output.fluxSourceName(),
                output.fluxNamespace(),
                output.chartOutput(),
                output.argoCdSources()));
    }

    public ExportSettings withApplicationRepoUrl(String url) {
        return withOutput(new Output(
                output.mode(),
                url,
                output.fluxSourceName(),
                output.fluxNamespace(),
                output.chartOutput(),
                output.argoCdSources()));
    }

    public ExportSettings withFluxSource(String name, String namespace) {
        return withOutput(new Output(
                output.mode(),
                output.applicationRepoUrl(),
                name,
                namespace,
                output.chartOutput(),
                output.argoCdSources()));
    }

    /** Writes a {@code HelmRelease} for chart releases instead of their rendered manifests; needs Flux mode. */
    public ExportSettings withChartOutput(ChartOutput chartOutput) {
        return withOutput(new Output(
                output.mode(),
                output.applicationRepoUrl(),
                output.fluxSourceName(),
                output.fluxNamespace(),
                chartOutput,
                output.argoCdSources()));
    }

    /** How Argo CD Applications point at their manifests. */
    public ExportSettings withArgoCdSources(ArgoCdSources sources) {
        return withOutput(new Output(
                output.mode(),
                output.applicationRepoUrl(),
                output.fluxSourceName(),
                output.fluxNamespace(),
                output.chartOutput(),
                sources));
    }

    /** Names this server {@code replica} among the replicas sharing the store. */
    public ExportSettings withReplica(String replica) {
        return new ExportSettings(remote, output, batching, workDirectory, replica);
    }

    /**
     * The host name and the process id: unique among processes on one machine and among pods (whose host name is the
     * pod's name). Characters a replica id does not take become '-'.
     */
    public static String defaultReplica() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(name -> !name.isBlank())
                .orElseGet(ExportSettings::localHostName);
        String pid = Long.toString(ProcessHandle.current().pid());
        String cleaned = host.replaceAll("[^A-Za-z0-9._@/-]", "-");
        int room = 63 - pid.length() - 1;
        return (cleaned.length() > room ? cleaned.substring(0, room) : cleaned) + ":" + pid;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public ExportSettings withBatching(int batchSize, Duration maxDelay) {
        return new ExportSettings(
                remote, output, new Batching(batchSize, maxDelay, batching.pollInterval()), workDirectory, replica);
    }

    private ExportSettings withRemote(Remote newRemote) {
        return new ExportSettings(newRemote, output, batching, workDirectory, replica);
    }

    private ExportSettings withOutput(Output newOutput) {
        return new ExportSettings(remote, newOutput, batching, workDirectory, replica);
    }

    public static String toUrl(String repository) {
        if (repository.contains("://") || repository.matches("[^/]+@[^/]+:.*")) {
            return repository;
        }
        return fileUrl(Path.of(repository));
    }

    /** A file:// URL, the same whether the directory exists yet or not (it is written into every application). */
    static String fileUrl(Path path) {
        String url = path.toAbsolutePath().normalize().toUri().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * {@code url} without secrets: an http(s) URL loses its user info (a token or user and password); other URLs
     * keep their user name (ssh needs it) and lose a password.
     */
    public static String redact(String url) {
        try {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null || uri.getHost() == null) {
                return url;
            }
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            String user = http ? null : userInfo.split(":", 2)[0];
            return new URI(uri.getScheme(), user, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return url.replaceAll("//[^/@]*@", "//");
        }
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_REQUEST, message);
    }
}
