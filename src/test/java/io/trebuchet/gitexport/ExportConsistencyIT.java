package io.trebuchet.gitexport;

import static io.trebuchet.testing.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The incremental export equals a full render byte for byte, after a long random sequence of operations and after
 * the server was stopped mid-stream (its clone lost, even): each event reaches the remote exactly once.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ExportConsistencyIT {
    private static final List<String> APPLICATIONS = List.of("cart", "basket", "search", "checkout", "auth", "media");
    private static final List<String> TEAMS = List.of("payments", "discovery", "platform");

    @Parameter
    Backend backend;

    @Test
    void aLongRandomSequenceExportsIncrementallyExactlyAsAFullRender(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        try (TestingServer server = TestingServer.start(
                backend,
                databases,
                data -> ExportSettings.of(remote.toString(), data).withBatching(20, Duration.ofMillis(5)))) {
            Operations operations = new Operations(server.http(), new Random(20261121L));
            operations.setUp();
            for (int i = 0; i < 150; i++) {
                operations.randomStep();
            }
            TestingExport.awaitPushed(server.http());

            assertThat(GitRemotesIT.rerender(server.http()))
                    .as("a full render changes nothing")
                    .isFalse();
            SortedMap<String, String> files =
                    TestingGit.files(TestingGit.clone(remote.toUri().toString(), "main"));
            assertThat(TestingManifests.check(files)).isPositive();
            GitRemotesIT.assertEventsIncreaseAlongHistory(remote);
        }
    }

    @Test
    void stoppingMidStreamAndLosingTheCloneLosesAndRepeatsNothing(TestingDatabases databases) {
        Path remote = TestingGit.newBareRepository();
        try (TestingServer server = TestingServer.start(
                backend,
                databases,
                data -> ExportSettings.of(remote.toString(), data).withBatching(5, Duration.ZERO))) {
            Random random = new Random(7L);
            Operations operations = new Operations(server.http(), random);
            operations.setUp();
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 15; i++) {
                    operations.randomStep();
                }
                // Stopped wherever the export is: idle, mid-batch, or committed but not pushed.
                server.stop();
                if (round == 2) {
                    // A new machine: the exporter's clone is gone; git alone tells where the export stands.
                    TestingFiles.deleteRecursively(server.dataDirectory().resolve("export"));
                }
                if (round == 4) {
                    // The remote lost its newest commit (restored from a backup): the export repeats those events.
                    TestingGit.git(remote, "update-ref", "refs/heads/main", "main~1");
                }
                server.startAgain();
                operations.use(server.http());
            }
            TestingExport.awaitPushed(server.http());

            GitRemotesIT.assertEventsIncreaseAlongHistory(remote);
            assertThat(GitRemotesIT.rerender(server.http()))
                    .as("the export after the stops equals a full render")
                    .isFalse();
            JsonNode status = TestingExport.status(server.http());
            assertThat(status.path("eventsBehind").asLong()).isZero();
        }
    }

    /** Random but valid operations through the API, on a small platform. */
    private static final class Operations {
        private final Random random;
        private TestingHttp http;
        private final List<String> optionalEnvironments = new ArrayList<>();

        Operations(TestingHttp http, Random random) {
            this.http = http;
            this.random = random;
        }

        void use(TestingHttp newHttp) {
            this.http = newHttp;
        }

        void setUp() {
            new TestingPlatform(http).threeStages();
        }

        void randomStep() {
            int choice = random.nextInt(100);
            if (choice < 35) {
                release();
            } else if (choice < 60) {
                deploy();
            } else if (choice < 70) {
                remove();
            } else if (choice < 74) {
                undeploy();
            } else if (choice < 84) {
                changeEnvironment();
            } else if (choice < 92) {
                addOrDeleteEnvironment();
            } else {
                changeTeam();
            }
        }

        private void release() {
            String application = pick(APPLICATIONS);
            Multipart form = Multipart.form().field("application", application);
            if (random.nextBoolean()) {
                form.field("team", pick(TEAMS));
            }
            List<String> environments = new ArrayList<>(List.of("dev", "staging", "prod-de", "prod-fr"));
            environments.addAll(optionalEnvironments);
            int manifests = 0;
            for (String environment : environments) {
                if (random.nextInt(4) > 0) {
                    form.file("manifests[" + environment + "]", "m.yaml", manifest(application, environment));
                    manifests++;
                }
            }
            if (manifests == 0) {
                form.file("manifests[dev]", "m.yaml", manifest(application, "dev"));
            }
            expect(http.postMultipart("/api/release", form), 201);
        }

        private void deploy() {
            String application = pick(APPLICATIONS);
            String environment = pick(List.of("dev", "staging", "prod-de", "prod-fr"));
            Response releases = http.get("/api/v1/applications/" + application + "/releases?limit=10");
            if (releases.status() != 200) {
                return;
            }
            List<Long> candidates = new ArrayList<>();
            releases.json()
                    .path("releases")
                    .forEach(release -> release.path("environments").forEach(name -> {
                        if (name.asText().equals(environment)) {
                            candidates.add(release.path("version").asLong());
                        }
                    }));
            if (candidates.isEmpty()) {
                return;
            }
            expect(
                    http.postJson(
                            "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                            json("version", pick(candidates))),
                    200);
        }

        private void remove() {
            String application = pick(APPLICATIONS);
            Response deployments = http.get("/api/v1/applications/" + application + "/deployments");
            if (deployments.status() != 200
                    || deployments.json().path("deployments").isEmpty()) {
                return;
            }
            JsonNode list = deployments.json().path("deployments");
            String environment =
                    list.get(random.nextInt(list.size())).path("environment").asText();
            expect(http.delete("/api/v1/environments/%s/applications/%s".formatted(environment, application)), 200);
        }

        private void undeploy() {
            String application = pick(APPLICATIONS);
            if (http.get("/api/v1/applications/" + application).status() == 200) {
                expect(http.delete("/api/v1/applications/" + application), 200);
            }
        }

        private void changeEnvironment() {
            String config = switch (random.nextInt(4)) {
                case 0 -> "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\"}";
                case 1 -> """
                        {"upstream":{"environment":"staging"},"environmentGroup":"production",
                         "argocd":{"destination":{"server":"https://fr.example.com","namespace":"shop%d"},
                                   "syncWindows":[{"kind":"deny","schedule":"0 %d * * *","duration":"1h"}]}}""".formatted(random.nextInt(3), random.nextInt(24));
                case 2 -> """
                        {"upstream":{"environment":"staging"},"environmentGroup":"production",
                         "argoConfigs":{"commonEnvPrefix":"aa","configs":[
                           {"destination":{"name":"fr-a"},"concreteEnvName":"a%d"},
                           {"destination":{"name":"fr-b"},"concreteEnvName":"b"}]}}""".formatted(random.nextInt(3));
                default -> """
                        {"upstream":{"environment":"staging"},"environmentGroup":"production",
                         "argoConfigs":{"commonEnvPrefix":"xx","configs":[
                           {"destination":{"name":"fr-c"},"concreteEnvName":"c"}], "isActiveActive": true}}""";
            };
            expect(http.putJson("/api/v1/environments/prod-fr", config), 200, 201);
        }

        private void addOrDeleteEnvironment() {
            if (!optionalEnvironments.isEmpty() && random.nextBoolean()) {
                String environment = optionalEnvironments.getFirst();
                Response deleted = http.delete("/api/v1/environments/" + environment);
                if (deleted.status() < 300) {
                    optionalEnvironments.remove(environment);
                }
                return;
            }
            String environment = "qa" + random.nextInt(3);
            if (!optionalEnvironments.contains(environment)) {
                optionalEnvironments.add(environment);
            }
            expect(http.putJson("/api/v1/environments/" + environment, "{\"upstream\":{\"latest\":true}}"), 200, 201);
        }

        private void changeTeam() {
            String application = pick(APPLICATIONS);
            if (http.get("/api/v1/applications/" + application).status() != 200) {
                return;
            }
            Multipart form = Multipart.form()
                    .field("application", application)
                    .field("team", pick(TEAMS))
                    .file("manifests[staging]", "m.yaml", manifest(application, "staging"));
            expect(http.postMultipart("/api/release", form), 201);
        }

        private String manifest(String application, String environment) {
            return TestingPlatform.manifest(application, environment) + "  build: \"" + random.nextInt(1000) + "\"\n";
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private static void expect(Response response, int... statuses) {
            assertThat(response.status()).as(response.toString()).isIn(box(statuses));
        }

        private static Object[] box(int[] values) {
            Object[] boxed = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }
    }
}
