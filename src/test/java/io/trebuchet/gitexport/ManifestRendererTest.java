package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.testing.TestingEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManifestRendererTest {
    private static final RenderSettings ARGO = new RenderSettings(
            ExportMode.ARGOCD, "https://git.example.com/manifests.git", "main", "src", "flux-system");
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName PROD = EnvName.of("prod");
    private static final AppName CART = AppName.of("cart");

    @ParameterizedTest
    @EnumSource(ExportMode.class)
    void incrementalRenderingEqualsAFullRenderAfterEveryBatchOfRandomChanges(ExportMode mode) {
        RenderSettings settings =
                new RenderSettings(mode, ARGO.repoUrl(), ARGO.branch(), ARGO.fluxSourceName(), ARGO.fluxNamespace());
        // One renderer through all batches, as the export uses it: what it keeps between renders must never show.
        ManifestRenderer renderer = new ManifestRenderer(settings);
        for (long seed = 1; seed <= 20; seed++) {
            Model model = new Model(new Random(seed));
            SortedMap<String, String> tree = new TreeMap<>();
            for (int batch = 0; batch < 40; batch++) {
                List<Event> events = new ArrayList<>();
                int size = 1 + model.random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    model.randomChange(events);
                }
                ExportState full = model.state();
                ChangeScope scope = ChangeScope.of(events).withEnvironmentsOf(model.runningIn());
                TreeChanges changes = renderer.renderChanges(restrict(full, scope), scope, previousConfigs(tree));
                apply(tree, changes);

                assertThat(tree)
                        .as("seed %d, batch %d: %s", seed, batch, events)
                        .isEqualTo(new ManifestRenderer(settings).renderAll(full));
            }
        }
    }

    @Test
    void outputIsDeterministicSortedAndEndsWithANewline() {
        ManifestRenderer renderer = new ManifestRenderer(ARGO);
        ExportState state = ExportState.of(
                3,
                Map.of(DEV, EnvironmentConfig.latest()),
                Map.of(
                        DEV,
                        Map.of(
                                CART,
                                new ExportState.Deployed(CART, new Version(2), Optional.of(new TeamName("payments"))),
                                AppName.of("basket"),
                                new ExportState.Deployed(AppName.of("basket"), new Version(1), Optional.empty()))),
                Map.of(
                        new Placement(CART, DEV), "kind: ConfigMap",
                        new Placement(AppName.of("basket"), DEV), "kind: Secret\n"));

        SortedMap<String, String> files = renderer.renderAll(state);

        assertThat(files).isEqualTo(renderer.renderAll(state));
        assertThat(files.get("environments/dev/applications/cart/manifests/manifests.yaml"))
                .isEqualTo("kind: ConfigMap\n");
        assertThat(files.get("environments/dev/config.json")).isEqualTo("""
                        {
                          "upstream": {
                            "latest": true
                          }
                        }
                        """);
        assertThat(files.get("argocd/v1alpha1/dev.yaml")).isEqualTo("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: AppProject
                        metadata:
                          name: dev
                        spec:
                          description: dev
                          destinations:
                          - namespace: dev
                            server: https://kubernetes.default.svc
                          sourceRepos:
                          - "*"
                        ---
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata:
                          annotations:
                            argocd.argoproj.io/manifest-generate-paths: /environments/dev/applications/basket/manifests;
                            com.freiheit.kuberpult/aa-parent-environment: dev
                            com.freiheit.kuberpult/application: basket
                            com.freiheit.kuberpult/environment: dev
                            com.freiheit.kuberpult/teams: ""
                          finalizers:
                          - resources-finalizer.argocd.argoproj.io
                          labels:
                            com.freiheit.kuberpult/teams: ""
                          name: dev-basket
                        spec:
                          destination:
                            namespace: dev
                            server: https://kubernetes.default.svc
                          project: dev
                          sources:
                          - path: environments/dev/applications/basket/manifests
                            repoURL: https://git.example.com/manifests.git
                            targetRevision: main
                          syncPolicy:
                            automated:
                              allowEmpty: true
                              prune: true
                              selfHeal: true
                        ---
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata:
                          annotations:
                            argocd.argoproj.io/manifest-generate-paths: /environments/dev/applications/cart/manifests;
                            com.freiheit.kuberpult/aa-parent-environment: dev
                            com.freiheit.kuberpult/application: cart
                            com.freiheit.kuberpult/environment: dev
                            com.freiheit.kuberpult/teams: payments
                          finalizers:
                          - resources-finalizer.argocd.argoproj.io
                          labels:
                            com.freiheit.kuberpult/teams: payments
                          name: dev-cart
                        spec:
                          destination:
                            namespace: dev
                            server: https://kubernetes.default.svc
                          project: dev
                          sources:
                          - path: environments/dev/applications/cart/manifests
                            repoURL: https://git.example.com/manifests.git
                            targetRevision: main
                          syncPolicy:
                            automated:
                              allowEmpty: true
                              prune: true
                              selfHeal: true
                        """);
        assertThat(TestingManifests.check(files)).isEqualTo(3);
    }

    @Test
    void configJsonIsKuberpultsRepositoryFormAndReadsBack() throws Exception {
        EnvironmentConfig activeActive = EnvironmentConfig.parse("""
                {"upstream": {"latest": true}, "isActiveActive": true,
                 "argoConfigs": {"commonEnvPrefix": "aa", "configs": [
                   {"destination": {"server": "https://one.example.com", "namespace": "apps"}, "concreteEnvName": "one"},
                   {"destination": {"server": "https://two.example.com", "namespace": "apps"}, "concreteEnvName": "two"}]}}
                """);
        EnvironmentConfig single = EnvironmentConfig.parse(
                "{\"upstream\": {\"latest\": true}, \"argocd\": {\"destination\": {\"server\": \"https://x.example.com\"}}}");

        String written = ManifestRenderer.configJson(activeActive);
        JsonNode tree = Json.mapper().readTree(written);

        // Kuberpult's pkg/config EnvironmentConfig: argocdConfigs {ArgoCdConfigurations, CommonEnvPrefix}, name per
        // config.
        assertThat(tree.has("argoConfigs")).isFalse();
        assertThat(tree.path("isActiveActive").asBoolean()).isTrue();
        assertThat(tree.path("argocdConfigs").path("CommonEnvPrefix").asText()).isEqualTo("aa");
        assertThat(tree.path("argocdConfigs").path("ArgoCdConfigurations"))
                .extracting(config -> config.path("name").asText())
                .containsExactly("one", "two");
        assertThat(EnvironmentConfig.parse(written)).isEqualTo(activeActive);
        assertThat(Json.mapper().readTree(ManifestRenderer.configJson(single)).has("argocd"))
                .isTrue();
        assertThat(EnvironmentConfig.parse(ManifestRenderer.configJson(single))).isEqualTo(single);
        // Kuberpult writes an empty argocdConfigs beside the single argocd object.
        assertThat(EnvironmentConfig.parse("""
                        {"upstream": {"latest": true}, "argocd": {"destination": {"server": "https://x.example.com"}},
                         "argocdConfigs": {"ArgoCdConfigurations": null, "CommonEnvPrefix": null}}
                        """)).isEqualTo(single);
    }

    @Test
    void theSingleSourceFormIsKuberpultsBeforeV1346() {
        RenderSettings single = new RenderSettings(
                ExportMode.ARGOCD,
                "https://git.example.com/manifests.git",
                "main",
                "src",
                "flux-system",
                ArgoCdSources.SINGLE);
        ManifestRenderer renderer = new ManifestRenderer(single);
        ExportState state = ExportState.of(
                1,
                Map.of(DEV, EnvironmentConfig.latest()),
                Map.of(DEV, Map.of(CART, new ExportState.Deployed(CART, new Version(1), Optional.empty()))),
                Map.of(new Placement(CART, DEV), "kind: ConfigMap"));

        String argo = renderer.renderAll(state).get("argocd/v1alpha1/dev.yaml");

        assertThat(argo).contains("""
                            argocd.argoproj.io/manifest-generate-paths: /environments/dev/applications/cart/manifests
                            com.freiheit.kuberpult/aa-parent-environment: dev
                            com.freiheit.kuberpult/application: cart
                            com.freiheit.kuberpult/environment: dev
                            com.freiheit.kuberpult/team: ""
                          finalizers:
                          - resources-finalizer.argocd.argoproj.io
                          labels:
                            com.freiheit.kuberpult/team: ""
                        """).contains("""
                          source:
                            path: environments/dev/applications/cart/manifests
                            repoURL: https://git.example.com/manifests.git
                            targetRevision: main
                        """).doesNotContain("sources:", "kuberpult/teams");
        assertThat(single.fingerprint()).isNotEqualTo(ARGO.fingerprint());
    }

    @Test
    void valuesThatYaml11WouldReadAsBooleansOrNumbersStayStrings() {
        ManifestRenderer renderer = new ManifestRenderer(ARGO);
        List<String> tricky = List.of("yes", "on", "off", "n", "true", "null", "0123", "1e3", "0x1F", "1_000", "12:30");
        Map<EnvName, Map<AppName, ExportState.Deployed>> deployments = new HashMap<>();
        Map<Placement, String> manifests = new HashMap<>();
        StringBuilder annotations = new StringBuilder();
        for (int i = 0; i < tricky.size(); i++) {
            AppName application = AppName.of("app" + i);
            deployments
                    .computeIfAbsent(DEV, ignored -> new HashMap<>())
                    .put(
                            application,
                            new ExportState.Deployed(
                                    application,
                                    new Version(1),
                                    Optional.of(new TeamName(tricky.get(i).replace(":", "")))));
            manifests.put(new Placement(application, DEV), "kind: ConfigMap\n");
            annotations.append(i == 0 ? "" : ",").append("\"example.com/a%d\": \"%s\"".formatted(i, tricky.get(i)));
        }
        EnvironmentConfig config = EnvironmentConfig.parse(
                "{\"upstream\":{\"latest\":true},\"argocd\":{\"destination\":{\"server\":\"https://k\"},"
                        + "\"applicationAnnotations\":{" + annotations + "}}}");

        String yaml = renderer.renderAll(ExportState.of(1, Map.of(DEV, config), deployments, manifests))
                .get("argocd/v1alpha1/dev.yaml");

        // Go's YAML (which Argo CD uses) follows YAML 1.1, as SnakeYAML does.
        for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(yaml)) {
            Map<?, ?> metadata = (Map<?, ?>) ((Map<?, ?>) document).get("metadata");
            for (String key : List.of("annotations", "labels")) {
                if (metadata.get(key) instanceof Map<?, ?> values) {
                    values.values().forEach(value -> assertThat(value).isInstanceOf(String.class));
                }
            }
        }
    }

    @Test
    void fluxModeWritesOneKustomizationPerApplicationAndNoFileForAnEmptyEnvironment() {
        ManifestRenderer renderer = new ManifestRenderer(
                new RenderSettings(ExportMode.FLUX, ARGO.repoUrl(), "main", "manifests", "flux-system"));
        ExportState state = ExportState.of(
                1,
                Map.of(DEV, EnvironmentConfig.latest(), PROD, EnvironmentConfig.downstreamOf(DEV)),
                Map.of(DEV, Map.of(CART, new ExportState.Deployed(CART, new Version(1), Optional.empty()))),
                Map.of(new Placement(CART, DEV), "kind: ConfigMap\n"));

        SortedMap<String, String> files = renderer.renderAll(state);

        assertThat(files.keySet())
                .containsExactly(
                        "environments/dev/applications/cart/manifests/manifests.yaml",
                        "environments/dev/config.json",
                        "environments/prod/config.json",
                        "flux/dev.yaml");
        assertThat(files.get("flux/dev.yaml")).isEqualTo("""
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata:
                          annotations:
                            com.freiheit.kuberpult/application: cart
                            com.freiheit.kuberpult/environment: dev
                          name: dev-cart
                          namespace: flux-system
                        spec:
                          interval: "5m"
                          path: "./environments/dev/applications/cart/manifests"
                          prune: true
                          sourceRef:
                            kind: GitRepository
                            name: manifests
                            namespace: flux-system
                          targetNamespace: dev
                        """);
        assertThat(TestingManifests.check(files)).isEqualTo(1);
    }

    @Test
    void helmReleaseOutputWritesTheChartsSourceAndAHelmReleaseWithTheMergedValues() {
        ManifestRenderer renderer = new ManifestRenderer(new RenderSettings(
                ExportMode.FLUX, ARGO.repoUrl(), "main", "manifests", "flux-system", ChartOutput.HELMRELEASE));
        AppName tiles = AppName.of("tiles");
        AppName upload = AppName.of("upload");
        ExportState state = ExportState.of(
                1,
                Map.of(DEV, EnvironmentConfig.latest()),
                Map.of(
                        DEV,
                        Map.of(
                                CART,
                                new ExportState.Deployed(CART, new Version(1), Optional.of(new TeamName("shop"))),
                                tiles,
                                new ExportState.Deployed(tiles, new Version(4), Optional.empty()),
                                upload,
                                new ExportState.Deployed(upload, new Version(2), Optional.empty()))),
                Map.of(
                        new Placement(CART, DEV), "kind: Deployment\n",
                        new Placement(tiles, DEV), "kind: Deployment\n",
                        new Placement(upload, DEV), "apiVersion: v1\nkind: ConfigMap\n"),
                Map.of(
                        new Placement(CART, DEV),
                        new ExportState.HelmChart(
                                ExportState.HelmChart.Kind.OCI,
                                "oci://127.0.0.1:5000/charts/cart",
                                "cart",
                                "1.2.0+build.7",
                                Map.of("replicaCount", 2, "image", Map.of("tag", "2.4.1"))),
                        new Placement(tiles, DEV),
                        new ExportState.HelmChart(
                                ExportState.HelmChart.Kind.REPOSITORY,
                                "https://charts.example.com/stable",
                                "tiles",
                                "0.3.0",
                                Map.of())));

        SortedMap<String, String> files = renderer.renderAll(state);

        assertThat(files.get("environments/dev/applications/cart/manifests/manifests.yaml"))
                .isEqualTo("""
                        apiVersion: source.toolkit.fluxcd.io/v1
                        kind: OCIRepository
                        metadata:
                          annotations:
                            com.freiheit.kuberpult/application: cart
                            com.freiheit.kuberpult/environment: dev
                            com.freiheit.kuberpult/team: shop
                          labels:
                            com.freiheit.kuberpult/team: shop
                          name: cart
                        spec:
                          insecure: true
                          interval: "5m"
                          layerSelector:
                            mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                            operation: copy
                          ref:
                            tag: "1.2.0_build.7"
                          url: oci://127.0.0.1:5000/charts/cart
                        ---
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata:
                          annotations:
                            com.freiheit.kuberpult/application: cart
                            com.freiheit.kuberpult/environment: dev
                            com.freiheit.kuberpult/team: shop
                          labels:
                            com.freiheit.kuberpult/team: shop
                          name: cart
                        spec:
                          chartRef:
                            kind: OCIRepository
                            name: cart
                          interval: "5m"
                          releaseName: cart
                          values:
                            image:
                              tag: "2.4.1"
                            replicaCount: 2
                        """);
        assertThat(files.get("environments/dev/applications/tiles/manifests/manifests.yaml"))
                .contains("kind: HelmRepository")
                .contains("https://charts.example.com/stable")
                .contains("""
                          chart:
                            spec:
                              chart: tiles
                              sourceRef:
                                kind: HelmRepository
                                name: tiles
                              version: "0.3.0"
                        """)
                .doesNotContain("insecure")
                .doesNotContain("values:");
        // Flux cannot fetch an archive uploaded with the release: its rendered manifests stay.
        assertThat(files.get("environments/dev/applications/upload/manifests/manifests.yaml"))
                .isEqualTo("apiVersion: v1\nkind: ConfigMap\n");
        // 3 Kustomizations, 2 sources, 2 HelmReleases.
        assertThat(TestingManifests.check(files)).isEqualTo(7);
        // The same state in the default output: the rendered manifests.
        assertThat(new ManifestRenderer(
                                new RenderSettings(ExportMode.FLUX, ARGO.repoUrl(), "main", "manifests", "flux-system"))
                        .renderAll(state)
                        .get("environments/dev/applications/cart/manifests/manifests.yaml"))
                .isEqualTo("kind: Deployment\n");
    }

    @Test
    void helmReleaseOutputChangesTheFingerprintAndTheDefaultKeepsTheOldOne() {
        RenderSettings flux = new RenderSettings(ExportMode.FLUX, ARGO.repoUrl(), "main", "manifests", "flux-system");
        RenderSettings helm = new RenderSettings(
                ExportMode.FLUX, ARGO.repoUrl(), "main", "manifests", "flux-system", ChartOutput.HELMRELEASE);

        assertThat(helm.fingerprint()).isNotEqualTo(flux.fingerprint());
        assertThat(flux.fingerprint())
                .isEqualTo(new RenderSettings(
                                ExportMode.FLUX,
                                ARGO.repoUrl(),
                                "main",
                                "manifests",
                                "flux-system",
                                ChartOutput.RENDERED)
                        .fingerprint());
    }

    /** What the store would load for {@code scope}: deployments of its environments, manifests of its placements. */
    private static ExportState restrict(ExportState full, ChangeScope scope) {
        Map<EnvName, Map<AppName, ExportState.Deployed>> deployments = new HashMap<>();
        scope.environments().forEach(environment -> deployments.put(environment, full.deployedIn(environment)));
        Map<Placement, String> manifests = new HashMap<>();
        scope.placements()
                .forEach(placement -> full.manifest(placement).ifPresent(text -> manifests.put(placement, text)));
        return ExportState.of(full.eventId(), full.environments(), deployments, manifests);
    }

    private static Map<EnvName, EnvironmentConfig> previousConfigs(SortedMap<String, String> tree) {
        Map<EnvName, EnvironmentConfig> configs = new HashMap<>();
        tree.forEach((path, content) -> {
            if (path.matches("environments/[^/]+/config.json")) {
                configs.put(EnvName.of(path.split("/", -1)[1]), EnvironmentConfig.parse(content));
            }
        });
        return configs;
    }

    private static void apply(SortedMap<String, String> tree, TreeChanges changes) {
        for (String deleted : changes.deletes()) {
            tree.keySet().removeIf(path -> path.equals(deleted) || path.startsWith(deleted + "/"));
        }
        tree.putAll(changes.writes());
    }

    /** A small platform that changes at random, producing the events the services would. */
    private static final class Model {
        private static final List<String> CONFIGS = List.of(
                "{\"upstream\":{\"latest\":true}}",
                "{\"upstream\":{\"latest\":true},\"argocd\":{\"destination\":{\"server\":\"https://a.example.com\","
                        + "\"namespace\":\"shop\"},\"syncWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 1 * * *\","
                        + "\"duration\":\"1h\"}],\"accessList\":[{\"group\":\"\",\"kind\":\"Namespace\"}]}}",
                "{\"upstream\":{\"latest\":true},\"argoConfigs\":{\"commonEnvPrefix\":\"aa\",\"configs\":["
                        + "{\"destination\":{\"name\":\"one\"},\"concreteEnvName\":\"one\"},"
                        + "{\"destination\":{\"name\":\"two\"},\"concreteEnvName\":\"two\"}]}}",
                "{\"upstream\":{\"latest\":true},\"argoConfigs\":{\"commonEnvPrefix\":\"bb\",\"configs\":["
                        + "{\"destination\":{\"name\":\"three\"},\"concreteEnvName\":\"three\"}],"
                        + "\"isActiveActive\":true}}");
        private static final List<EnvName> ENVIRONMENTS =
                List.of(EnvName.of("dev"), EnvName.of("staging"), EnvName.of("prod"));
        private static final List<AppName> APPLICATIONS =
                List.of(AppName.of("cart"), AppName.of("basket"), AppName.of("search"));

        final Random random;
        private final Map<EnvName, EnvironmentConfig> environments = new HashMap<>();
        private final Map<EnvName, Map<AppName, Long>> deployed = new HashMap<>();
        private final Map<AppName, Optional<TeamName>> teams = new HashMap<>();
        private long eventId;

        Model(Random random) {
            this.random = random;
        }

        void randomChange(List<Event> events) {
            EnvName environment = ENVIRONMENTS.get(random.nextInt(ENVIRONMENTS.size()));
            AppName application = APPLICATIONS.get(random.nextInt(APPLICATIONS.size()));
            switch (random.nextInt(6)) {
                case 0 -> {
                    EventKind kind = environments.containsKey(environment)
                            ? EventKind.ENVIRONMENT_UPDATED
                            : EventKind.ENVIRONMENT_CREATED;
                    environments.put(environment, EnvironmentConfig.parse(CONFIGS.get(random.nextInt(CONFIGS.size()))));
                    events.add(event(kind, Optional.empty(), Optional.of(environment)));
                }
                case 1 -> {
                    if (environments.containsKey(environment)
                            && deployed.getOrDefault(environment, Map.of()).isEmpty()) {
                        environments.remove(environment);
                        events.add(event(EventKind.ENVIRONMENT_DELETED, Optional.empty(), Optional.of(environment)));
                    }
                }
                case 2, 3 -> {
                    if (environments.containsKey(environment)) {
                        teams.putIfAbsent(application, Optional.empty());
                        deployed.computeIfAbsent(environment, ignored -> new HashMap<>())
                                .put(application, 1L + random.nextInt(3));
                        events.add(event(EventKind.DEPLOYED, Optional.of(application), Optional.of(environment)));
                    }
                }
                case 4 -> {
                    Map<AppName, Long> running = deployed.get(environment);
                    if (running != null && running.remove(application) != null) {
                        events.add(event(EventKind.REMOVED, Optional.of(application), Optional.of(environment)));
                    }
                }
                default -> {
                    teams.put(
                            application,
                            random.nextBoolean()
                                    ? Optional.of(new TeamName("team" + random.nextInt(3)))
                                    : Optional.empty());
                    events.add(event(EventKind.APPLICATION_UPDATED, Optional.of(application), Optional.empty()));
                    events.add(event(EventKind.RELEASE_CREATED, Optional.of(application), Optional.empty()));
                }
            }
        }

        ExportState state() {
            Map<EnvName, Map<AppName, ExportState.Deployed>> deployments = new HashMap<>();
            Map<Placement, String> manifests = new HashMap<>();
            deployed.forEach((environment, applications) -> applications.forEach((application, version) -> {
                deployments
                        .computeIfAbsent(environment, ignored -> new HashMap<>())
                        .put(
                                application,
                                new ExportState.Deployed(
                                        application,
                                        new Version(version),
                                        teams.getOrDefault(application, Optional.empty())));
                manifests.put(
                        new Placement(application, environment),
                        "kind: ConfigMap\nmetadata:\n  name: %s-%d\n".formatted(application, version));
            }));
            return ExportState.of(eventId, environments, deployments, manifests);
        }

        Map<AppName, Set<EnvName>> runningIn() {
            Map<AppName, Set<EnvName>> running = new HashMap<>();
            deployed.forEach((environment, applications) -> applications
                    .keySet()
                    .forEach(application -> running.computeIfAbsent(application, ignored -> new TreeSet<>())
                            .add(environment)));
            return running;
        }

        private Event event(EventKind kind, Optional<AppName> application, Optional<EnvName> environment) {
            eventId++;
            return new Event(
                    eventId, Instant.EPOCH, Actor.SYSTEM, kind, application, environment, TestingEvents.payload(kind));
        }
    }
}
