package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.environment.AccessEntry;
import io.trebuchet.environment.ArgoCdConfig;
import io.trebuchet.environment.ArgoConfigs;
import io.trebuchet.environment.Destination;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.IgnoreDifference;
import io.trebuchet.environment.SyncWindow;
import io.trebuchet.freeze.FreezeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders the manifest repository from an {@link ExportState}: a pure function, so that rendering everything at event
 * N gives the same tree as rendering only what each event touched, event after event, up to N.
 *
 * <p>Layout (Kuberpult's): {@code environments/<env>/config.json}; {@code
 * environments/<env>/applications/<app>/manifests/manifests.yaml}; in Argo CD mode {@code argocd/v1alpha1/<env>.yaml}
 * (one per concrete cluster of an active/active environment, named {@code <prefix>-<env>-<cluster>.yaml}) with the
 * environment's {@code AppProject} and one {@code Application} per deployed application; in Flux mode {@code
 * flux/<env>.yaml} with one {@code Kustomization} per deployed application. Output is deterministic: keys sorted,
 * applications in name order, every file ending in a newline.
 */
final class ManifestRenderer {
    /** Where applications go when an environment has no Argo CD settings: the cluster Argo CD runs in. */
    static final String DEFAULT_SERVER = Destination.IN_CLUSTER_SERVER;

    static final String ARGOCD_DIRECTORY = "argocd/v1alpha1";
    static final String FLUX_DIRECTORY = "flux";
    static final String ENVIRONMENTS_DIRECTORY = "environments";
    /** The top-level directories that the export owns; a full render replaces them. */
    static final List<String> OWNED_DIRECTORIES = List.of("argocd", FLUX_DIRECTORY, ENVIRONMENTS_DIRECTORY);

    static final String TEAM_KEY = KuberpultAnnotations.TEAM;
    static final String APPLICATION_KEY = KuberpultAnnotations.APPLICATION;
    static final String ENVIRONMENT_KEY = KuberpultAnnotations.ENVIRONMENT;
    static final String PARENT_ENVIRONMENT_KEY = KuberpultAnnotations.PARENT_ENVIRONMENT;
    static final String GENERATE_PATHS_KEY = "argocd.argoproj.io/manifest-generate-paths";
    static final String FLUX_INTERVAL = "5m";
    /** The media type of a Helm chart's layer in an OCI artifact, which Flux's OCIRepository selects. */
    static final String HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new YamlQuoting())
                    .build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectWriter CONFIG_JSON = Json.mapper()
            .writer(new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withSeparators(
                            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private final RenderSettings settings;
    private final DocumentMemo memo = new DocumentMemo();

    ManifestRenderer(RenderSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    RenderSettings settings() {
        return settings;
    }

    /** Every file of the tree for a full snapshot. */
    SortedMap<String, String> renderAll(ExportState state) {
        SortedMap<String, String> files = new TreeMap<>();
        state.environments()
                .forEach((environment, config) -> files.putAll(environmentFiles(environment, config, state)));
        state.deployments().forEach((environment, applications) -> {
            if (state.environments().containsKey(environment)) {
                applications
                        .keySet()
                        .forEach(application ->
                                files.putAll(placementFiles(new Placement(application, environment), state)
                                        .orElseThrow(() -> new IllegalStateException("no manifest loaded for %s in %s"
                                                .formatted(application, environment)))));
            }
        });
        return files;
    }

    /** Replaces the owned directories with a full render. */
    TreeChanges renderTree(ExportState state) {
        return new TreeChanges(new TreeSet<>(OWNED_DIRECTORIES), renderAll(state));
    }

    /**
     * What to change for {@code scope}, the state having been loaded for it. {@code previousConfigs} are the configs
     * in the tree being changed, which name the files an environment had (an active/active environment's files are
     * named after its clusters).
     */
    TreeChanges renderChanges(ExportState state, ChangeScope scope, Map<EnvName, EnvironmentConfig> previousConfigs) {
        SortedSet<String> deletes = new TreeSet<>();
        SortedMap<String, String> writes = new TreeMap<>();
        for (EnvName environment : scope.environments()) {
            Optional.ofNullable(previousConfigs.get(environment))
                    .ifPresent(previous -> deletes.addAll(environmentPaths(environment, previous)));
            deletes.add(configPath(environment));
            deletes.add(ARGOCD_DIRECTORY + "/" + environment + ".yaml");
            deletes.add(fluxPath(environment));
            EnvironmentConfig config = state.environments().get(environment);
            if (config == null) {
                deletes.add(ENVIRONMENTS_DIRECTORY + "/" + environment);
            } else {
                writes.putAll(environmentFiles(environment, config, state));
            }
        }
        for (Placement placement : scope.placements()) {
            deletes.add(placementDirectory(placement));
            if (state.environments().containsKey(placement.environment())) {
                placementFiles(placement, state).ifPresent(files -> writes.putAll(files));
            }
        }
        return new TreeChanges(deletes, writes);
    }

    /** The files an environment with {@code config} has besides its applications' manifests. */
    List<String> environmentPaths(EnvName environment, EnvironmentConfig config) {
        List<String> paths = new ArrayList<>();
        paths.add(configPath(environment));
        switch (settings.mode()) {
            case ARGOCD ->
                targets(environment, config)
                        .forEach(target -> paths.add(ARGOCD_DIRECTORY + "/" + target.name() + ".yaml"));
            case FLUX -> paths.add(fluxPath(environment));
        }
        return paths;
    }

    static String configPath(EnvName environment) {
        return ENVIRONMENTS_DIRECTORY + "/" + environment + "/config.json";
    }

    static String fluxPath(EnvName environment) {
        return FLUX_DIRECTORY + "/" + environment + ".yaml";
    }

    static String placementDirectory(Placement placement) {
        return ENVIRONMENTS_DIRECTORY + "/" + placement.environment() + "/applications/" + placement.application();
    }

    static String manifestsDirectory(Placement placement) {
        return placementDirectory(placement) + "/manifests";
    }

    static String manifestPath(Placement placement) {
        return manifestsDirectory(placement) + "/manifests.yaml";
    }

    private SortedMap<String, String> environmentFiles(
            EnvName environment, EnvironmentConfig config, ExportState state) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put(configPath(environment), configJson(config));
        SortedMap<AppName, ExportState.Deployed> deployed = state.deployedIn(environment);
        switch (settings.mode()) {
            case ARGOCD -> {
                for (Target target : targets(environment, config)) {
                    files.put(
                            ARGOCD_DIRECTORY + "/" + target.name() + ".yaml",
                            argoFile(environment, config, target, deployed));
                }
            }
            case FLUX -> {
                if (!deployed.isEmpty()) {
                    files.put(fluxPath(environment), fluxFile(environment, config, deployed));
                }
            }
        }
        return files;
    }

    private Optional<SortedMap<String, String>> placementFiles(Placement placement, ExportState state) {
        ExportState.Deployed deployed =
                state.deployedIn(placement.environment()).get(placement.application());
        if (deployed == null) {
            return Optional.of(new TreeMap<>());
        }
        Optional<ExportState.HelmChart> chart =
                settings.chartOutput() == ChartOutput.HELMRELEASE ? state.chart(placement) : Optional.empty();
        if (chart.isPresent()) {
            SortedMap<String, String> files = new TreeMap<>();
            files.put(manifestPath(placement), helmReleaseFile(placement, deployed, chart.get()));
            return Optional.of(files);
        }
        return state.manifest(placement).map(manifest -> {
            SortedMap<String, String> files = new TreeMap<>();
            files.put(
                    manifestPath(placement),
                    manifest.isEmpty() || manifest.endsWith("\n") ? manifest : manifest + "\n");
            return files;
        });
    }

    /**
     * A chart release as Flux installs it: the chart's source (an {@code OCIRepository} at the version's tag, or a
     * {@code HelmRepository}) and a {@code HelmRelease} with the values Trebuchet merged for the environment. Both are
     * named after the application and take the namespace the environment's Kustomization gives them. The release name
     * is the application's, as at release time, so the cluster gets the objects Trebuchet rendered.
     */
    private static String helmReleaseFile(
            Placement placement, ExportState.Deployed deployed, ExportState.HelmChart chart) {
        String name = placement.application().value();
        Map<String, Object> annotations = new TreeMap<>();
        annotations.put(APPLICATION_KEY, name);
        annotations.put(ENVIRONMENT_KEY, placement.environment().value());
        deployed.team().ifPresent(team -> annotations.put(TEAM_KEY, team.value()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("annotations", annotations);
        deployed.team().ifPresent(team -> metadata.put("labels", Map.of(TEAM_KEY, team.value())));

        Map<String, Object> sourceSpec = new LinkedHashMap<>();
        sourceSpec.put("interval", FLUX_INTERVAL);
        sourceSpec.put("url", chart.url());
        Map<String, Object> helmSpec = new LinkedHashMap<>();
        helmSpec.put("interval", FLUX_INTERVAL);
        helmSpec.put("releaseName", name);
        String sourceKind = switch (chart.kind()) {
            case OCI -> {
                // helm push tags a version's '+' as '_' (tags take no '+'); Trebuchet pulled that tag too.
                sourceSpec.put("ref", Map.of("tag", chart.version().replace('+', '_')));
                sourceSpec.put("layerSelector", Map.of("mediaType", HELM_CHART_LAYER, "operation", "copy"));
                if (loopback(chart.url())) {
                    // Trebuchet speaks plain HTTP to a registry on the loopback interface, and so must Flux.
                    sourceSpec.put("insecure", true);
                }
                helmSpec.put("chartRef", Map.of("kind", "OCIRepository", "name", name));
                yield "OCIRepository";
            }
            case REPOSITORY -> {
                Map<String, Object> chartSpec = new LinkedHashMap<>();
                chartSpec.put("chart", chart.name());
                chartSpec.put("version", chart.version());
                chartSpec.put("sourceRef", Map.of("kind", "HelmRepository", "name", name));
                helmSpec.put("chart", Map.of("spec", chartSpec));
                yield "HelmRepository";
            }
        };
        if (!chart.values().isEmpty()) {
            helmSpec.put("values", chart.values());
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("apiVersion", "source.toolkit.fluxcd.io/v1");
        source.put("kind", sourceKind);
        source.put("metadata", metadata);
        source.put("spec", sourceSpec);
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("apiVersion", "helm.toolkit.fluxcd.io/v2");
        release.put("kind", "HelmRelease");
        release.put("metadata", metadata);
        release.put("spec", helmSpec);
        return yaml(List.of(source, release));
    }

    private static boolean loopback(String ociUrl) {
        String host = ociUrl.substring("oci://".length()).split("/", 2)[0].replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    /**
     * The environment's {@code config.json} as Kuberpult's manifest repository holds it: Kuberpult's Go struct names
     * for the per-cluster Argo CD configs ({@code argocdConfigs} with {@code ArgoCdConfigurations}, each cluster's
     * name in {@code name}, and {@code CommonEnvPrefix}) and {@code isActiveActive} at the top level; the single
     * {@code argocd} object as it is. Trebuchet's own fields (freeze windows, policies, values) stay beside them,
     * which Kuberpult's reader ignores. {@link EnvironmentConfig#parse} reads both forms back.
     */
    static String configJson(EnvironmentConfig config) {
        ObjectNode tree = Json.mapper().valueToTree(config);
        if (tree.remove("argoConfigs") instanceof ObjectNode argoConfigs) {
            ObjectNode repository = Json.mapper().createObjectNode();
            ArrayNode configurations = repository.putArray("ArgoCdConfigurations");
            for (JsonNode item : argoConfigs.path("configs")) {
                ObjectNode copy = ((ObjectNode) item).deepCopy();
                JsonNode concrete = copy.remove("concreteEnvName");
                if (concrete != null) {
                    copy.set("name", concrete);
                }
                configurations.add(copy);
            }
            JsonNode prefix = argoConfigs.get("commonEnvPrefix");
            if (prefix != null) {
                repository.set("CommonEnvPrefix", prefix);
            }
            tree.set("argocdConfigs", repository);
            JsonNode activeActive = argoConfigs.get("isActiveActive");
            if (activeActive != null) {
                tree.set("isActiveActive", activeActive);
            }
        }
        try {
            return CONFIG_JSON.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an environment config", e);
        }
    }

    /** One Argo CD cluster of an environment: its fully qualified name and settings. */
    record Target(String name, ArgoCdConfig config) {}

    /** The Argo CD clusters of an environment; one with default settings when it has none. */
    static List<Target> targets(EnvName environment, EnvironmentConfig config) {
        List<ArgoCdConfig> configs = config.argoCdConfigs();
        if (configs.isEmpty()) {
            return List.of(new Target(environment.value(), defaultArgoCd(environment)));
        }
        Optional<ArgoConfigs> argoConfigs = config.argoConfigs().filter(ArgoConfigs::activeActive);
        if (argoConfigs.isEmpty()) {
            return List.of(new Target(environment.value(), configs.get(0)));
        }
        String prefix = argoConfigs.get().commonEnvPrefix().orElseThrow();
        return configs.stream()
                .map(cluster -> new Target(
                        prefix + "-" + environment + "-"
                                + cluster.concreteEnvName().orElseThrow(),
                        cluster))
                .toList();
    }

    /** The cluster Argo CD runs in, the namespace named after the environment. */
    static ArgoCdConfig defaultArgoCd(EnvName environment) {
        return new ArgoCdConfig(
                new Destination(
                        Optional.empty(),
                        Optional.of(DEFAULT_SERVER),
                        Optional.of(environment.value()),
                        Optional.empty(),
                        Optional.empty()),
                List.of(),
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                Optional.empty());
    }

    private String argoFile(
            EnvName environment,
            EnvironmentConfig config,
            Target target,
            SortedMap<AppName, ExportState.Deployed> deployed) {
        List<String> documents = new ArrayList<>();
        documents.add(yaml(appProject(config, target)));
        try (DocumentMemo.FileRender file =
                memo.file(ARGOCD_DIRECTORY + "/" + target.name() + ".yaml", new ArgoSettings(environment, target))) {
            for (ExportState.Deployed application : deployed.values()) {
                documents.add(file.document(
                        new DocumentKey(application.application(), application.team()),
                        key -> yaml(application(environment, target, key))));
            }
        }
        return String.join("---\n", documents);
    }

    /** What every Application of an Argo CD file depends on besides its application. */
    private record ArgoSettings(EnvName environment, Target target) {}

    /** What an environment file's document depends on: the application and its team, not the version. */
    private record DocumentKey(AppName application, Optional<TeamName> team) {}

    private Map<String, Object> appProject(EnvironmentConfig config, Target target) {
        Destination destination = target.config().destination();
        Map<String, Object> projectDestination = destination(
                destination,
                destination.namespace().or(destination::appProjectNamespace).orElse("*"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", target.name());
        // As Kuberpult writes it.
        spec.put("sourceRepos", List.of("*"));
        spec.put("destinations", List.of(projectDestination));
        List<Map<String, Object>> windows = syncWindows(config, target.config());
        if (!windows.isEmpty()) {
            spec.put("syncWindows", windows);
        }
        List<Map<String, Object>> whitelist = new ArrayList<>();
        for (AccessEntry entry : target.config().accessList()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("group", entry.group());
            item.put("kind", entry.kind());
            whitelist.add(item);
        }
        if (!whitelist.isEmpty()) {
            spec.put("clusterResourceWhitelist", whitelist);
        }
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("apiVersion", "argoproj.io/v1alpha1");
        project.put("kind", "AppProject");
        project.put("metadata", Map.of("name", target.name()));
        project.put("spec", spec);
        return project;
    }

    /**
     * The AppProject's sync windows: the environment's Argo CD {@code syncWindows}, then its freeze windows, so that
     * Argo CD does not sync inside a window in which Trebuchet does not change the environment either (people may
     * still sync by hand, as they may deploy through a freeze with {@code lockBehavior: ignore}).
     */
    private static List<Map<String, Object>> syncWindows(EnvironmentConfig config, ArgoCdConfig target) {
        requireNonNull(config, "config is null");
        List<Map<String, Object>> windows = new ArrayList<>();
        for (FreezeWindow window : config.freezeWindows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("applications", List.of("*"));
            item.put("duration", goDuration(window.duration().value()));
            item.put("kind", window.kind().label());
            item.put("manualSync", true);
            item.put("schedule", window.schedule().expression());
            window.timeZone().ifPresent(zone -> item.put("timeZone", zone.getId()));
            windows.add(item);
        }

        for (SyncWindow window : target.syncWindows()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("applications", window.applications().isEmpty() ? List.of("*") : window.applications());
            item.put("duration", window.duration());
            item.put("kind", window.kind());
            item.put("manualSync", window.manualSync().orElse(true));
            item.put("schedule", window.schedule());
            window.timeZone().ifPresent(zone -> item.put("timeZone", zone));
            windows.add(item);
        }
        return windows;
    }

    /** A duration as Go (and so Argo CD) parses it: hours, minutes and seconds, no days. */
    static String goDuration(Duration duration) {
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private Map<String, Object> application(EnvName environment, Target target, DocumentKey deployed) {

        Placement placement = new Placement(deployed.application(), environment);
        String path = manifestsDirectory(placement);
        ArgoCdSources sources = settings.argoCdSources();
        Map<String, Object> annotations = new TreeMap<>(target.config().applicationAnnotations());
        annotations.put(APPLICATION_KEY, deployed.application().value());
        annotations.put(ENVIRONMENT_KEY, target.name());
        annotations.put(PARENT_ENVIRONMENT_KEY, environment.value());
        // As Kuberpult: the team key is always there, empty for an application without a team.
        String teamKey = sources == ArgoCdSources.LIST ? KuberpultAnnotations.TEAMS : KuberpultAnnotations.TEAM;
        String team = deployed.team().map(TeamName::value).orElse("");
        annotations.put(teamKey, team);
        // Lets Argo CD refresh only this application when a webhook reports a change under its path; Kuberpult's
        // list form ends each path with ";".
        annotations.put(GENERATE_PATHS_KEY, "/" + path + (sources == ArgoCdSources.LIST ? ";" : ""));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", target.name() + "-" + deployed.application());
        metadata.put("annotations", annotations);
        metadata.put("labels", Map.of(teamKey, team));
        metadata.put("finalizers", List.of("resources-finalizer.argocd.argoproj.io"));

        Destination destination = target.config().destination();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repoURL", settings.repoUrl());
        source.put("path", path);
        source.put("targetRevision", settings.branch());
        Map<String, Object> automated = new LinkedHashMap<>();
        automated.put("prune", true);
        automated.put("selfHeal", true);
        // An application whose manifests are empty may sync to nothing, so that removing everything works.
        automated.put("allowEmpty", true);
        Map<String, Object> syncPolicy = new LinkedHashMap<>();
        syncPolicy.put("automated", automated);
        if (!target.config().syncOptions().isEmpty()) {
            syncPolicy.put("syncOptions", target.config().syncOptions());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("project", target.name());
        switch (sources) {
            case LIST -> spec.put("sources", List.of(source));
            case SINGLE -> spec.put("source", source);
        }
        spec.put(
                "destination",
                destination(
                        destination,
                        destination
                                .namespace()
                                .or(destination::applicationNamespace)
                                .orElse("")));
        spec.put("syncPolicy", syncPolicy);
        List<Object> ignoreDifferences = new ArrayList<>();
        for (IgnoreDifference difference : target.config().ignoreDifferences()) {
            ignoreDifferences.add(Json.mapper().convertValue(difference, Map.class));
        }
        if (!ignoreDifferences.isEmpty()) {
            spec.put("ignoreDifferences", ignoreDifferences);
        }
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("apiVersion", "argoproj.io/v1alpha1");
        application.put("kind", "Application");
        application.put("metadata", metadata);
        application.put("spec", spec);
        return application;
    }

    private static Map<String, Object> destination(Destination destination, String namespace) {
        Map<String, Object> result = new LinkedHashMap<>();
        destination.name().filter(name -> !name.isBlank()).ifPresent(name -> result.put("name", name));
        destination.server().filter(server -> !server.isBlank()).ifPresent(server -> result.put("server", server));
        if (!namespace.isEmpty()) {
            result.put("namespace", namespace);
        }
        return result;
    }

    private String fluxFile(
            EnvName environment, EnvironmentConfig config, SortedMap<AppName, ExportState.Deployed> deployed) {
        Optional<String> targetNamespace = fluxTargetNamespace(environment, config);
        List<String> documents = new ArrayList<>();
        try (DocumentMemo.FileRender file =
                memo.file(fluxPath(environment), new FluxSettings(environment, targetNamespace))) {
            for (ExportState.Deployed application : deployed.values()) {
                documents.add(file.document(
                        new DocumentKey(application.application(), application.team()),
                        key -> yaml(kustomization(environment, targetNamespace, key))));
            }
        }
        return String.join("---\n", documents);
    }

    /** What every Kustomization of a Flux file depends on besides its application. */
    private record FluxSettings(EnvName environment, Optional<String> targetNamespace) {}

    private Map<String, Object> kustomization(
            EnvName environment, Optional<String> targetNamespace, DocumentKey application) {
        Placement placement = new Placement(application.application(), environment);
        Map<String, Object> annotations = new TreeMap<>();
        annotations.put(APPLICATION_KEY, application.application().value());
        annotations.put(ENVIRONMENT_KEY, environment.value());
        application.team().ifPresent(team -> annotations.put(TEAM_KEY, team.value()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", environment + "-" + application.application());
        metadata.put("namespace", settings.fluxNamespace());
        metadata.put("annotations", annotations);
        application.team().ifPresent(team -> metadata.put("labels", Map.of(TEAM_KEY, team.value())));
        Map<String, Object> sourceRef = new LinkedHashMap<>();
        sourceRef.put("kind", "GitRepository");
        sourceRef.put("name", settings.fluxSourceName());
        sourceRef.put("namespace", settings.fluxNamespace());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("interval", FLUX_INTERVAL);
        spec.put("path", "./" + manifestsDirectory(placement));
        spec.put("prune", true);
        spec.put("sourceRef", sourceRef);
        targetNamespace.ifPresent(namespace -> spec.put("targetNamespace", namespace));
        Map<String, Object> kustomization = new LinkedHashMap<>();
        kustomization.put("apiVersion", "kustomize.toolkit.fluxcd.io/v1");
        kustomization.put("kind", "Kustomization");
        kustomization.put("metadata", metadata);
        kustomization.put("spec", spec);
        return kustomization;
    }

    /** The namespace of the environment's Argo CD destination, or the environment's name when it has no settings. */
    private static Optional<String> fluxTargetNamespace(EnvName environment, EnvironmentConfig config) {
        List<ArgoCdConfig> configs = config.argoCdConfigs();
        if (configs.isEmpty()) {
            return Optional.of(environment.value());
        }
        Destination destination = configs.get(0).destination();
        return destination.namespace().or(destination::applicationNamespace);
    }

    private static String yaml(List<Object> documents) {
        List<String> texts = new ArrayList<>();
        documents.forEach(document -> texts.add(yaml(document)));
        return String.join("---\n", texts);
    }

    private static String yaml(Object document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }
}
