package io.trebuchet.kuberpult;

import static io.trebuchet.testing.TestingPlatform.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays the requests of Kuberpult v13.55's {@code infrastructure/scripts/create-testdata} scripts and the cases of
 * its frontend handlers against a running Trebuchet, expecting Kuberpult's answers: accepted where Kuberpult accepts
 * (with its status code), refused where it refuses, and its options either honoured or refused with
 * {@code UNSUPPORTED_OPTION}. The environment configs are Kuberpult's own test data (see the README beside them).
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class KuberpultParityIT {
    /** In an order where each upstream exists before its downstream. */
    private static final List<String> TESTDATA_ENVIRONMENTS =
            List.of("development", "development2", "staging", "aa-test", "fakeprod-ca", "fakeprod-de");

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createEnvironmentsScriptIsAcceptedWithKuberpultsStatus() throws IOException {
        for (String environment : TESTDATA_ENVIRONMENTS) {
            Response response = http.postMultipart(
                    "/api/environments/" + environment, Multipart.form().field("config", testData(environment)));
            assertThat(response.status()).as(environment + ": " + response).isEqualTo(200);
        }
        Response activeActive = http.get("/api/v1/environments/aa-test");
        assertThat(activeActive.status()).as(activeActive.toString()).isEqualTo(200);
        assertThat(activeActive.body()).contains("dev-1", "dev-2", "ClusterSecretStore", "/spec/replicas");
        // The old path answers 200 too, also for a config that changes nothing.
        Response again = http.postMultipart(
                "/environments/development", Multipart.form().field("config", testData("development")));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
    }

    @Test
    void environmentsNamingAnUpstreamNotCreatedYetAreAcceptedWithAWarning() throws IOException {
        // Kuberpult writes such a config and only logs that the upstream does not exist.
        for (String environment : TESTDATA_ENVIRONMENTS.reversed()) {
            Response response = http.postMultipart(
                    "/api/environments/" + environment, Multipart.form().field("config", testData(environment)));
            assertThat(response.status()).as(environment + ": " + response).isEqualTo(200);
        }
        Response early = http.putJson("/api/v1/environments/qa", "{\"upstream\":{\"environment\":\"later\"}}");
        assertThat(early.status()).as(early.toString()).isEqualTo(201);
        assertThat(early.json().path("warnings").get(0).asText())
                .isEqualTo("upstream environment later does not exist (yet): release trains into qa skip it with"
                        + " UPSTREAM_MISSING until it does");
        Response train = http.put("/api/environments/qa/releasetrain");
        assertThat(train.status()).as(train.toString()).isEqualTo(200);
        assertThat(train.body()).contains("UPSTREAM_MISSING");

        Response later = http.putJson("/api/v1/environments/later", "{\"upstream\":{\"latest\":true}}");
        assertThat(later.status()).as(later.toString()).isEqualTo(201);
        assertThat(later.json().has("warnings")).isFalse();
        assertThat(http.put("/api/environments/qa/releasetrain").body()).doesNotContain("UPSTREAM_MISSING");
    }

    @Test
    void anEnvironmentWithoutArgoCdSettingsWhichKuberpultRefusesIsTakenWithAWarningSayingWhereItsApplicationsGo()
            throws IOException {
        Response bare = http.postMultipart(
                "/api/environments/dev", Multipart.form().field("config", "{\"upstream\":{\"latest\":true}}"));
        assertThat(bare.status()).as(bare.toString()).isEqualTo(200);
        assertThat(bare.json().path("warnings").get(0).asText())
                .isEqualTo("environment dev has no Argo CD settings (argocd or argoConfigs), which Kuberpult requires;"
                        + " Trebuchet takes it: its applications go to the cluster Argo CD or Flux runs in"
                        + " (https://kubernetes.default.svc), namespace dev. Set argocd.destination to deploy"
                        + " elsewhere");
        // Kuberpult's own configs name their destination: no warning.
        Response configured = http.postMultipart(
                "/api/environments/development", Multipart.form().field("config", testData("development")));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        assertThat(configured.json().has("warnings")).as(configured.toString()).isFalse();
        // Trebuchet's own API takes it as documented, without the Kuberpult warning.
        Response nativePut = http.putJson("/api/v1/environments/qa", "{\"upstream\":{\"latest\":true}}");
        assertThat(nativePut.json().has("warnings")).as(nativePut.toString()).isFalse();
    }

    @Test
    void aManifestForAnEnvironmentThatDoesNotExistIsKeptAndDeployedOnceItExists() {
        new TestingPlatform(http).threeStages();
        Response released = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "echo")
                        .file("manifests[dev]", "dev.yaml", manifest("echo", "dev"))
                        .file("manifests[qa]", "qa.yaml", manifest("echo", "qa")));
        assertThat(released.status()).as(released.toString()).isEqualTo(201);
        assertThat(released.json().path("warnings").get(0).asText()).startsWith("environment qa does not exist");
        assertThat(http.get("/api/v1/applications/echo/releases/1").json().path("environments"))
                .extracting(node -> node.asText())
                .containsExactly("dev", "qa");

        assertThat(http.putJson("/api/v1/environments/qa", "{\"upstream\":{\"environment\":\"dev\"}}")
                        .status())
                .isEqualTo(201);
        Response deployed = http.postJson("/api/v1/environments/qa/applications/echo/deploy", "{\"version\":1}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    }

    @Test
    void namespaceGlobsAndNegationsFromKuberpultsDocsAreAccepted() {
        String config = """
                {"upstream": {"latest": true},
                 "argoConfigs": {"configs": [{"destination": {"server": "https://kubernetes.default.svc",
                   "appProjectNamespace": "!kube-system", "applicationNamespace": "apps"},
                   "sync_windows": [{"schedule": "10 1 * * *", "duration": "1h", "kind": "deny",
                     "applications": ["*"]}]}]}}
                """;
        Response response =
                http.postMultipart("/api/environments/dev", Multipart.form().field("config", config));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void dryRunEnvironmentCreationAndDeletionChangeNothing() throws IOException {
        String config = testData("development");
        Response dry = http.postMultipart(
                "/api/environments/development?dryrun=true", Multipart.form().field("config", config));
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(http.get("/api/v1/environments/development").code()).isEqualTo("ENVIRONMENT_NOT_FOUND");

        assertThat(http.postMultipart(
                                "/api/environments/development",
                                Multipart.form().field("config", config))
                        .status())
                .isEqualTo(200);
        Response dryDelete = http.delete("/api/environments/development?dryrun=true");
        assertThat(dryDelete.status()).as(dryDelete.toString()).isEqualTo(200);
        assertThat(http.get("/api/v1/environments/development").status()).isEqualTo(200);

        // delete-environments.sh
        Response delete = http.delete("/api/environments/development");
        assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
        assertThat(http.get("/api/v1/environments/development").code()).isEqualTo("ENVIRONMENT_NOT_FOUND");
    }

    @Test
    void createReleaseScriptWithItsPaddedAuthorHeaderIsAccepted() {
        new TestingPlatform(http).threeStages();
        // create-release.sh sends -H "author-name:${AUTHOR}=": base64 with one "=" too many.
        String name = Base64.getEncoder().encodeToString("João".getBytes(StandardCharsets.UTF_8)) + "=";
        String email = Base64.getEncoder().encodeToString("joao@example.com".getBytes(StandardCharsets.UTF_8));
        Response response = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "echo")
                        .field("source_commit_id", COMMIT)
                        .field("source_author", "João")
                        .field("previous_commit_id", "abcdef0")
                        .field("display_version", "1.2.3")
                        .field("source_message", "the message\nof the commit\n")
                        .field("team", "sre")
                        .file("manifests[dev]", "dev.yaml", manifest("echo", "dev")),
                Map.of("author-name", name, "author-email", email));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(http.get("/api/v1/applications/echo/releases/1")
                        .json()
                        .path("createdBy")
                        .path("name")
                        .asText())
                .isEqualTo("João");
    }

    @Test
    void legacyReleaseDropsMalformedCommitIdsAndAuthorsAsKuberpultDoes() {
        new TestingPlatform(http).threeStages();
        Response response = http.postMultipart(
                "/release",
                release("echo").field("source_commit_id", "not-a-commit").field("source_author", "Broken <no-mail"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        Response stored = http.get("/api/v1/applications/echo/releases/1");
        assertThat(stored.json().has("sourceCommitId")).as(stored.toString()).isFalse();
        assertThat(stored.json().has("sourceAuthor")).as(stored.toString()).isFalse();

        Response previous = http.postMultipart("/release", release("echo").field("previous_commit_id", "not-a-commit"));
        assertThat(previous.status()).isEqualTo(400);
    }

    @Test
    void revisionsAreRefusedAsByKuberpultsDefaultConfiguration() {
        new TestingPlatform(http).threeStages();
        for (String path : List.of("/release", "/api/release")) {
            Response response = http.postMultipart(path, release("echo").field("revision", "1"));
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.code()).isEqualTo("UNSUPPORTED_OPTION");
        }
    }

    @Test
    void fileFieldsOtherThanManifestsAreRefused() {
        new TestingPlatform(http).threeStages();
        for (String path : List.of("/release", "/api/release")) {
            Response response = http.postMultipart(path, release("echo").file("readme", "README", "hello"));
            assertThat(response.status()).as(path + ": " + response).isEqualTo(400);
            assertThat(response.code()).isEqualTo("INVALID_REQUEST");
        }
        // Unknown text fields are ignored by both of Kuberpult's routes.
        assertThat(http.postMultipart("/api/release", release("echo").field("source_repo_url", "https://x"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void apiReleaseOptionsAreHonouredOrRefusedNeverIgnored() {
        new TestingPlatform(http).threeStages();
        assertThat(http.postMultipart("/api/release", release("echo").field("is_prepublish", "false"))
                        .status())
                .isEqualTo(201);
        assertUnsupported(form -> form.field("is_prepublish", "true"), "is_prepublish");
        assertUnsupported(
                form -> form.field("deploy_to_downstream_environments", "staging"),
                "deploy_to_downstream_environments");
        assertUnsupported(form -> form.field("experimentalArgoBracket", "bracket"), "experimentalArgoBracket");
        Response notBoolean = http.postMultipart("/api/release", release("echo").field("is_prepublish", "maybe"));
        assertThat(notBoolean.code()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void manifestsThatAreNotKubernetesObjectsAreStoredAsByKuberpult() {
        new TestingPlatform(http).threeStages();
        Response response = http.postMultipart(
                "/release",
                Multipart.form().field("application", "echo").file("manifests[dev]", "dev.yaml", "just text\n"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);

        // Stricter than Kuberpult only where an environment opts in.
        new TestingPlatform(http)
                .environment(
                        "strict", "{\"upstream\":{\"latest\":true},\"policies\":{\"kubernetes-objects\":\"error\"}}");
        Response strict = http.postMultipart(
                "/release",
                Multipart.form().field("application", "other").file("manifests[strict]", "s.yaml", "just text\n"));
        assertThat(strict.code()).as(strict.toString()).isEqualTo("POLICY_VIOLATION");
    }

    @Test
    void lockScriptsAreAccepted() {
        new TestingPlatform(http).threeStages().release("echo", "dev");
        // create-env-lock.sh, and a lock body as kuberpult-client sends it, with a signature and a lifetime in weeks.
        Response environment =
                http.putJson("/environments/staging/locks/lockIdTest1", "{\"message\": \"test env lock\"}");
        // Kuberpult's frontend: 200 for environment, application and team locks, 201 for environment-group locks.
        assertThat(environment.status()).as(environment.toString()).isEqualTo(200);
        Response signed = http.putJson(
                "/api/environments/dev/applications/echo/locks/l2",
                "{\"message\": \"m\", \"signature\": \"sig\", \"suggestedLifeTime\": \"1w\"}");
        assertThat(signed.status()).as(signed.toString()).isEqualTo(200);
        Response team = http.putJson("/api/environments/dev/lock/team/sre/t1", "{\"message\": \"team\"}");
        assertThat(team.status()).as(team.toString()).isEqualTo(200);
        Response again = http.putJson("/environments/staging/locks/lockIdTest1", "{\"message\": \"test env lock\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        Response group = http.putJson("/environment-groups/production/locks/g1", "{\"message\": \"freeze\"}");
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        Response groupAgain = http.putJson("/environment-groups/production/locks/g1", "{\"message\": \"freeze\"}");
        assertThat(groupAgain.status()).as(groupAgain.toString()).isEqualTo(201);

        // delete-*-lock.sh: deleting twice, or a lock that never existed, answers 200 as Kuberpult does.
        for (String path : List.of(
                "/environments/staging/locks/lockIdTest1",
                "/environments/staging/locks/lockIdTest1",
                "/api/environments/dev/applications/echo/locks/never",
                "/environment-groups/production/locks/g1",
                "/environment-groups/production/locks/g1",
                "/api/environments/dev/lock/team/sre/never")) {
            Response deleted = http.delete(path);
            assertThat(deleted.status()).as(path + ": " + deleted).isEqualTo(200);
        }
    }

    @Test
    void trainsTakeTheCiLinkInAJsonBodyAsKuberpultDoes() {
        new TestingPlatform(http).threeStages().release("echo", "dev", "staging", "prod-de");
        String link = "{\"ciLink\": \"https://ci.example.com/run/7\", \"signature\": \"\"}";

        // handleAPIReleaseTrainExecution, handleReleaseTrainExecution and the group endpoint read {"ciLink": ...}.
        Response environment = http.putJson("/api/environments/staging/releasetrain", link);
        assertThat(environment.status()).as(environment.toString()).isEqualTo(200);
        assertThat(environment.json().path("ciLink").asText()).isEqualTo("https://ci.example.com/run/7");
        assertThat(http.putJson("/environments/staging/releasetrain", link).status())
                .isEqualTo(200);
        assertThat(http.putJson("/api/environment-groups/production/releasetrain", link)
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events"))
                .hasSize(4)
                .allSatisfy(
                        event -> assertThat(event.path("payload").path("ciLink").asText())
                                .isEqualTo("https://ci.example.com/run/7"));

        long events = http.get("/api/v1/events?kind=RELEASE_TRAIN")
                .json()
                .path("events")
                .size();
        Response notALink = http.putJson("/api/environments/staging/releasetrain", "{\"ciLink\": \"ftp://ci\"}");
        assertThat(notALink.code()).as(notALink.toString()).isEqualTo("INVALID_REQUEST");
        Response notJson = http.putJson("/api/environments/staging/releasetrain", "{\"ciLink\": ");
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        assertThat(http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events"))
                .hasSize((int) events);
    }

    @Test
    void processDelayAndRolloutStatusAnswerInKuberpultsShape() {
        new TestingPlatform(http).threeStages().release("echo", Map.of("team", "sre"), "dev", "prod-de");
        assertThat(http.postJson("/api/v1/environments/prod-de/applications/echo/deploy", "{\"version\":1}")
                        .status())
                .isEqualTo(200);

        // get-process-delay.sh
        Response delay = http.get("/api/process-delay/");
        assertThat(delay.status()).as(delay.toString()).isEqualTo(200);
        assertThat(delay.json().has("unprocessed_events")).isTrue();
        assertThat(delay.json().has("delay_seconds")).isTrue();

        // env-group-status.sh sends {}; with a wait, the answer comes once the manifest repository has the change.
        Response waited = http.postJson(
                "/environment-groups/production/rollout-status", "{\"waitDuration\": \"30s\", \"team\": \"sre\"}");
        assertThat(waited.status()).as(waited.toString()).isEqualTo(200);
        assertThat(waited.json().path("status").asText()).isEqualTo("unknown");
        assertThat(waited.json().path("applications").toString())
                .isEqualTo("[{\"application\":\"echo\",\"environment\":\"prod-de\",\"status\":\"unknown\"}]");
        Response plain = http.postJson("/environment-groups/production/rollout-status", "{}");
        assertThat(plain.json().path("applications")).hasSize(1);
        Response otherTeam = http.postJson("/environment-groups/production/rollout-status", "{\"team\": \"payments\"}");
        assertThat(otherTeam.json().path("status").asText()).isEqualTo("successful");
        assertThat(otherTeam.json().path("applications")).isEmpty();

        for (String refused : List.of(
                "{\"waitDuration\": \"11m\"}", "{\"waitDuration\": \"500ms\"}", "{\"waitDuration\": \"soon\"}")) {
            Response response = http.postJson("/environment-groups/production/rollout-status", refused);
            assertThat(response.code()).as(refused + ": " + response).isEqualTo("INVALID_REQUEST");
        }
        assertThat(http.postJson("/environment-groups/production/rollout-status", "not json")
                        .status())
                .isEqualTo(400);
        // Kuberpult's checkContentType: anything but application/json is 415.
        assertThat(http.postWithContentType("/environment-groups/production/rollout-status", "text/plain", "{}")
                        .status())
                .isEqualTo(415);
    }

    @Test
    void releaseTrainScriptAndItsOldPathAreAccepted() {
        new TestingPlatform(http).threeStages();
        // run-releasetrain.sh
        assertThat(http.put("/api/environments/staging/releasetrain").status()).isEqualTo(200);
        assertThat(http.put("/environments/staging/releasetrain").status()).isEqualTo(200);
        Response tagged = http.put("/api/environments/staging/releasetrain?gitTag=v1");
        assertThat(tagged.code()).isEqualTo("UNSUPPORTED_OPTION");
        Response fromTag = http.put("/api/environment-groups/production/releasetrain?sourceGitTag=v1");
        assertThat(fromTag.code()).isEqualTo("UNSUPPORTED_OPTION");
    }

    private void assertUnsupported(UnaryOperator<Multipart> field, String option) {
        Response response = http.postMultipart("/api/release", field.apply(release("echo")));
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("UNSUPPORTED_OPTION");
        assertThat(response.json().path("details").path("option").asText()).isEqualTo(option);
    }

    private static Multipart release(String application) {
        return Multipart.form()
                .field("application", application)
                .file("manifests[dev]", "dev.yaml", manifest(application, "dev"));
    }

    private static String testData(String environment) throws IOException {
        String resource = "/io/trebuchet/kuberpult/testdata/environments/" + environment + "/config.json";
        try (InputStream in = KuberpultParityIT.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
