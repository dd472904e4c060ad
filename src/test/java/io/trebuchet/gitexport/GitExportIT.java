package io.trebuchet.gitexport;

import static io.trebuchet.testing.TestingHttp.author;
import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every operation of the API ends up in the manifest repository, as Argo CD and the git CLI read it. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class GitExportIT {
    private static final String STAGING_CONFIG = """
            {"upstream": {"environment": "dev"},
             "freezeWindows": [{"kind": "deny", "schedule": "0 17 * * 5", "duration": "2d12h", "timeZone": "Europe/Berlin"}],
             "argocd": {
               "destination": {"name": "staging-cluster", "namespace": "shop"},
               "syncWindows": [{"kind": "deny", "schedule": "0 22 * * *", "duration": "8h", "timeZone": "Europe/Berlin"},
                               {"kind": "allow", "schedule": "0 6 * * 1-5", "duration": "12h", "applications": ["staging-cart"],
                                "manualSync": false}],
               "accessList": [{"group": "", "kind": "Namespace"}, {"group": "rbac.authorization.k8s.io", "kind": "ClusterRole"}],
               "applicationAnnotations": {"notifications.argoproj.io/subscribe.on-sync-failed.slack": "shop-alerts"},
               "ignoreDifferences": [{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}],
               "syncOptions": ["CreateNamespace=true", "ServerSideApply=true"]
             }}
            """;
    private static final String PROD_FR_ACTIVE_ACTIVE = """
            {"upstream": {"environment": "staging"}, "environmentGroup": "production",
             "argoConfigs": {"commonEnvPrefix": "aa", "configs": [
               {"destination": {"name": "fr-one", "namespace": "shop"}, "concreteEnvName": "fr-1"},
               {"destination": {"name": "fr-two", "namespace": "shop"}, "concreteEnvName": "fr-2"}]}}
            """;

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingPlatform platform;
    private String repositoryUrl;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases, TestingServer::fastExport);
        http = server.http();
        platform = new TestingPlatform(http).threeStages();
        repositoryUrl = "file://" + server.dataDirectory().toAbsolutePath().resolve("manifests.git");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyOperationEndsUpInTheManifestRepository() {
        platform.environment("staging", STAGING_CONFIG);
        platform.environment("prod-fr", PROD_FR_ACTIVE_ACTIVE);
        release("cart", "payments", "dev", "staging", "prod-de", "prod-fr");
        deploy("staging", "cart", 1);
        deploy("prod-de", "cart", 1);
        deploy("prod-fr", "cart", 1);
        release("basket", null, "dev");

        SortedMap<String, String> files = exported();

        assertThat(files.keySet())
                .containsExactly(
                        "argocd/v1alpha1/aa-prod-fr-fr-1.yaml",
                        "argocd/v1alpha1/aa-prod-fr-fr-2.yaml",
                        "argocd/v1alpha1/dev.yaml",
                        "argocd/v1alpha1/prod-de.yaml",
                        "argocd/v1alpha1/staging.yaml",
                        "environments/dev/applications/basket/manifests/manifests.yaml",
                        "environments/dev/applications/cart/manifests/manifests.yaml",
                        "environments/dev/config.json",
                        "environments/prod-de/applications/cart/manifests/manifests.yaml",
                        "environments/prod-de/config.json",
                        "environments/prod-fr/applications/cart/manifests/manifests.yaml",
                        "environments/prod-fr/config.json",
                        "environments/staging/applications/cart/manifests/manifests.yaml",
                        "environments/staging/config.json");
        assertThat(files.get("environments/staging/applications/cart/manifests/manifests.yaml"))
                .isEqualTo(TestingPlatform.manifest("cart", "staging"));
        assertThat(TestingManifests.check(files)).isEqualTo(11);
        JsonNode stagingConfig = parseJson(files.get("environments/staging/config.json"));
        assertThat(stagingConfig.path("argocd").path("destination").path("name").asText())
                .isEqualTo("staging-cluster");

        List<Map<String, Object>> dev = TestingManifests.objects("dev", files.get("argocd/v1alpha1/dev.yaml"));
        assertThat(dev)
                .extracting(object -> object.get("kind"))
                .containsExactly("AppProject", "Application", "Application");
        JsonNode devProject = tree(dev.get(0));
        assertThat(devProject.path("metadata").path("name").asText()).isEqualTo("dev");
        assertThat(devProject
                        .path("spec")
                        .path("destinations")
                        .get(0)
                        .path("server")
                        .asText())
                .isEqualTo("https://kubernetes.default.svc");
        assertThat(devProject
                        .path("spec")
                        .path("destinations")
                        .get(0)
                        .path("namespace")
                        .asText())
                .isEqualTo("dev");
        JsonNode devCart = tree(dev.get(2));
        assertThat(devCart.path("metadata").path("name").asText()).isEqualTo("dev-cart");
        assertThat(devCart.path("metadata")
                        .path("labels")
                        .path("com.freiheit.kuberpult/teams")
                        .asText())
                .isEqualTo("payments");
        assertThat(devCart.path("metadata")
                        .path("annotations")
                        .path("argocd.argoproj.io/manifest-generate-paths")
                        .asText())
                .isEqualTo("/environments/dev/applications/cart/manifests;");
        assertThat(devCart.path("spec").path("project").asText()).isEqualTo("dev");
        assertThat(devCart.path("spec").path("sources").path(0).path("repoURL").asText())
                .isEqualTo(repositoryUrl);
        assertThat(devCart.path("spec").path("sources").path(0).path("path").asText())
                .isEqualTo("environments/dev/applications/cart/manifests");
        assertThat(devCart.path("spec")
                        .path("sources")
                        .path(0)
                        .path("targetRevision")
                        .asText())
                .isEqualTo("main");
        assertThat(devCart.path("spec")
                        .path("syncPolicy")
                        .path("automated")
                        .path("prune")
                        .asBoolean())
                .isTrue();
        assertThat(devCart.path("spec")
                        .path("syncPolicy")
                        .path("automated")
                        .path("selfHeal")
                        .asBoolean())
                .isTrue();
        // As Kuberpult: the teams label is always there, empty for an application without a team.
        assertThat(tree(dev.get(1))
                        .path("metadata")
                        .path("labels")
                        .path("com.freiheit.kuberpult/teams")
                        .isTextual())
                .as("basket has no team")
                .isTrue();
        assertThat(tree(dev.get(1))
                        .path("metadata")
                        .path("labels")
                        .path("com.freiheit.kuberpult/teams")
                        .asText())
                .isEmpty();

        List<Map<String, Object>> staging =
                TestingManifests.objects("staging", files.get("argocd/v1alpha1/staging.yaml"));
        JsonNode stagingProject = tree(staging.get(0));
        assertThat(stagingProject.path("spec").path("syncWindows").toString())
                .isEqualTo(parseJson("""
                        [{"applications":["*"],"duration":"60h","kind":"deny","manualSync":true,"schedule":"0 17 * * 5",
                          "timeZone":"Europe/Berlin"},
                         {"applications":["*"],"duration":"8h","kind":"deny","manualSync":true,"schedule":"0 22 * * *",

                          "timeZone":"Europe/Berlin"},
                         {"applications":["staging-cart"],"duration":"12h","kind":"allow","manualSync":false,
                          "schedule":"0 6 * * 1-5"}]""").toString());
        assertThat(stagingProject.path("spec").path("clusterResourceWhitelist").toString())
                .isEqualTo(parseJson("""
                        [{"group":"","kind":"Namespace"},{"group":"rbac.authorization.k8s.io","kind":"ClusterRole"}]""").toString());
        JsonNode stagingCart = tree(staging.get(1));
        assertThat(stagingCart.path("spec").path("destination").toString())
                .isEqualTo(parseJson("""
                        {"name":"staging-cluster","namespace":"shop"}""").toString());
        assertThat(stagingCart
                        .path("spec")
                        .path("syncPolicy")
                        .path("syncOptions")
                        .toString())
                .isEqualTo("[\"CreateNamespace=true\",\"ServerSideApply=true\"]");
        assertThat(stagingCart.path("spec").path("ignoreDifferences").toString())
                .isEqualTo("[{\"group\":\"apps\",\"jsonPointers\":[\"/spec/replicas\"],\"kind\":\"Deployment\"}]");
        assertThat(stagingCart
                        .path("metadata")
                        .path("annotations")
                        .path("notifications.argoproj.io/subscribe.on-sync-failed.slack")
                        .asText())
                .isEqualTo("shop-alerts");

        List<Map<String, Object>> fr1 =
                TestingManifests.objects("fr-1", files.get("argocd/v1alpha1/aa-prod-fr-fr-1.yaml"));
        assertThat(tree(fr1.get(0)).path("metadata").path("name").asText()).isEqualTo("aa-prod-fr-fr-1");
        assertThat(tree(fr1.get(1)).path("metadata").path("name").asText()).isEqualTo("aa-prod-fr-fr-1-cart");
        assertThat(tree(fr1.get(1))
                        .path("spec")
                        .path("destination")
                        .path("name")
                        .asText())
                .isEqualTo("fr-one");
        assertThat(tree(fr1.get(1))
                        .path("spec")
                        .path("sources")
                        .path(0)
                        .path("path")
                        .asText())
                .isEqualTo("environments/prod-fr/applications/cart/manifests");

        // Removing, undeploying, deleting and changing the environment show in the next commits.
        assertThat(http.delete("/api/v1/environments/staging/applications/cart").status())
                .isEqualTo(200);
        assertThat(http.delete("/api/v1/applications/basket").status()).isEqualTo(200);
        platform.environment("tmp", "{\"upstream\":{\"latest\":true}}");
        assertThat(http.delete("/api/v1/environments/tmp").status()).isIn(200, 204);
        platform.environment(
                "prod-fr", "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}");
        release("cart", "checkout", "dev");

        SortedMap<String, String> after = exported();

        assertThat(after.keySet())
                .containsExactly(
                        "argocd/v1alpha1/dev.yaml",
                        "argocd/v1alpha1/prod-de.yaml",
                        "argocd/v1alpha1/prod-fr.yaml",
                        "argocd/v1alpha1/staging.yaml",
                        "environments/dev/applications/cart/manifests/manifests.yaml",
                        "environments/dev/config.json",
                        "environments/prod-de/applications/cart/manifests/manifests.yaml",
                        "environments/prod-de/config.json",
                        "environments/prod-fr/applications/cart/manifests/manifests.yaml",
                        "environments/prod-fr/config.json",
                        "environments/staging/config.json");
        assertThat(TestingManifests.objects("staging", after.get("argocd/v1alpha1/staging.yaml")))
                .extracting(object -> object.get("kind"))
                .containsExactly("AppProject");
        // A new team shows on the application in every environment where it runs.
        for (String file : List.of("argocd/v1alpha1/prod-de.yaml", "argocd/v1alpha1/prod-fr.yaml")) {
            assertThat(tree(TestingManifests.objects(file, after.get(file)).get(1))
                            .path("metadata")
                            .path("labels")
                            .path("com.freiheit.kuberpult/teams")
                            .asText())
                    .isEqualTo("checkout");
        }
        TestingManifests.check(after);
        assertRerenderChangesNothing();
    }

    @Test
    void eachCommitNamesItsAuthorAndTheEventItExports() {
        release("cart", "payments", "dev", "staging");
        TestingExport.awaitPushed(http);
        Response deployed = http.postJsonWithHeaders(
                "/api/v1/environments/staging/applications/cart/deploy",
                json("version", 1),
                author("Jane Doe", "jane@example.com"));
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        long eventId = TestingExport.awaitPushed(http).path("cursorEventId").asLong();

        Path clone = TestingGit.clone(repositoryUrl, "main");
        String log = TestingGit.git(clone, "log", "-1", "--format=%an <%ae>%n%cn%n%B");

        assertThat(log).startsWith("Jane Doe <jane@example.com>\ntrebuchet\nDeploy cart 1 to staging (manual)\n");
        assertThat(log).contains("\nTrebuchet-Event: " + eventId + "\n");
        assertThat(TestingGit.git(clone, "log", "--format=%(trailers:key=Trebuchet-Event,valueonly)")
                        .lines()
                        .filter(line -> !line.isBlank())
                        .map(Long::parseLong)
                        .toList())
                .as("every commit carries its cursor, newest first, strictly increasing")
                .isSortedAccordingTo((left, right) -> Long.compare(right, left))
                .doesNotHaveDuplicates();
        JsonNode status = TestingExport.status(http);
        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("eventsBehind").asLong()).isZero();
        assertThat(status.path("secondsBehind").asDouble()).isZero();
        assertThat(status.path("lastPush").path("commit").asText())
                .isEqualTo(TestingGit.git(clone, "rev-parse", "HEAD").trim());
    }

    @Test
    void lockFilesAKilledExporterLeftBehindDoNotStopTheExport() throws Exception {
        release("cart", "payments", "dev");
        TestingExport.awaitPushed(http);
        server.stop();
        // What git leaves behind when the process dies while it moves a ref: <ref>.lock, in the exporter's clone and
        // in the local repository it pushes to.
        List<Path> locks;
        try (Stream<Path> files = Files.walk(server.dataDirectory())) {
            locks = files.filter(path -> path.toString().contains("/refs/heads/") && Files.isRegularFile(path))
                    .map(path -> path.resolveSibling(path.getFileName() + ".lock"))
                    .toList();
        }
        assertThat(locks).hasSizeGreaterThanOrEqualTo(2);
        for (Path lock : locks) {
            Files.writeString(lock, "0000000000000000000000000000000000000000\n");
        }

        server.startAgain();
        http = server.http();
        release("cart", "payments", "dev");
        JsonNode status = TestingExport.awaitPushed(http);

        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(locks).allSatisfy(lock -> assertThat(lock).doesNotExist());
        assertThat(TestingGit.files(TestingGit.clone(repositoryUrl, "main")))
                .containsKey("environments/dev/applications/cart/manifests/manifests.yaml");
    }

    @Test
    void fluxModeWritesAKustomizationPerDeployedApplication(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        try (TestingServer flux = TestingServer.start(
                backend,
                databases,
                data -> ExportSettings.of(remote.toString(), data)
                        .withMode(ExportMode.FLUX)
                        .withFluxSource("shop-manifests", "flux-system"))) {
            new TestingPlatform(flux.http()).threeStages().release("cart", "dev", "staging");
            TestingExport.awaitPushed(flux.http());

            SortedMap<String, String> files =
                    TestingGit.files(TestingGit.clone(remote.toUri().toString(), "main"));

            assertThat(files.keySet())
                    .containsExactly(
                            "environments/dev/applications/cart/manifests/manifests.yaml",
                            "environments/dev/config.json",
                            "environments/prod-de/config.json",
                            "environments/prod-fr/config.json",
                            "environments/staging/config.json",
                            "flux/dev.yaml");
            assertThat(TestingManifests.check(files)).isEqualTo(1);
            JsonNode kustomization = tree(
                    TestingManifests.objects("flux", files.get("flux/dev.yaml")).getFirst());
            assertThat(kustomization.path("spec").path("path").asText())
                    .isEqualTo("./environments/dev/applications/cart/manifests");
            assertThat(kustomization.path("spec").path("sourceRef").path("name").asText())
                    .isEqualTo("shop-manifests");
            assertThat(kustomization.path("spec").path("prune").asBoolean()).isTrue();
            assertThat(kustomization.path("spec").path("targetNamespace").asText())
                    .isEqualTo("dev");
        }
    }

    private void release(String application, String team, String... environments) {
        Multipart form = Multipart.form().field("application", application);
        if (team != null) {
            form.field("team", team);
        }
        for (String environment : environments) {
            form.file(
                    "manifests[" + environment + "]",
                    environment + ".yaml",
                    TestingPlatform.manifest(application, environment));
        }
        Response response = http.postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void deploy(String environment, String application, long version) {
        Response response = http.postJson(
                "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                json("version", version));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private SortedMap<String, String> exported() {
        TestingExport.awaitPushed(http);
        Path clone = TestingGit.clone(repositoryUrl, "main");
        // What Argo CD builds: the root application's directory and each application's manifests.
        assertThat(TestingManifests.kustomize(clone.resolve("argocd/v1alpha1"))).contains("kind: AppProject");
        assertThat(TestingManifests.kustomize(clone.resolve("environments/dev/applications/cart/manifests")))
                .contains("kind: ConfigMap");
        return TestingGit.files(clone);
    }

    private void assertRerenderChangesNothing() {
        Response rerender = http.postJson("/api/v1/export/rerender", "");
        assertThat(rerender.status()).as(rerender.toString()).isEqualTo(200);
        assertThat(rerender.json().path("changed").asBoolean())
                .as("a full render equals the incremental export: %s", rerender)
                .isFalse();
    }

    private static JsonNode tree(Map<String, Object> object) {
        return io.trebuchet.core.Json.mapper().valueToTree(object);
    }

    private static JsonNode parseJson(String text) {
        try {
            return io.trebuchet.core.Json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
