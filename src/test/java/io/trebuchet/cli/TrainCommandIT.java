package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** train (and Kuberpult's release-train) against a real server: what moved, what queued, what was skipped and why. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class TrainCommandIT {
    private static final String[] EVERYWHERE = {"dev", "staging", "prod-de", "prod-fr"};

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;
    private TestingPlatform platform;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        cli = new TestingCli(server.baseUrl());
        platform = new TestingPlatform(http).threeStages();
        platform.release("cart", Map.of("team", "payments"), EVERYWHERE);
        platform.release("search", Map.of("team", "discovery"), EVERYWHERE);
        deploy("staging", "cart", 1);
        deploy("staging", "search", 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPrognosisChangesNothingAndTheTrainDeploysOrQueuesWhatItSaid() {
        lock("/api/v1/locks/application/prod-de/cart/payment-tests", "payment tests");

        Result prognosis = cli.run("train", "--group", "production", "--prognosis");

        assertThat(prognosis.exitCode()).as(prognosis.toString()).isZero();
        assertThat(prognosis.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME  CAUSE               MESSAGE
                        prod-de      cart         -     1   queue    APPLICATION_LOCKED  application lock 'payment-tests' on cart in prod-de: payment tests
                        prod-de      search       -     1   deploy   -                   -
                        prod-fr      cart         -     1   deploy   -                   -
                        prod-fr      search       -     1   deploy   -                   -
                        Prognosis: 3 to deploy, 1 to queue, 0 to skip. Nothing was changed.
                        """);
        assertThat(deployments("cart")).doesNotContainKeys("prod-de", "prod-fr");

        Result train = cli.run("train", "--group", "production");
        Result again = cli.run("train", "--environment", "prod-fr");

        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME   CAUSE               MESSAGE
                        prod-de      cart         -     1   queued    APPLICATION_LOCKED  application lock 'payment-tests' on cart in prod-de: payment tests
                        prod-de      search       -     1   deployed  -                   -
                        prod-fr      cart         -     1   deployed  -                   -
                        prod-fr      search       -     1   deployed  -                   -
                        Train: 3 deployed, 1 queued, 0 skipped.
                        """);
        assertThat(deployments("cart")).containsEntry("prod-fr", 1L).doesNotContainKey("prod-de");
        assertThat(deployments("search")).containsEntry("prod-de", 1L).containsEntry("prod-fr", 1L);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("queued")
                        .path("prod-de")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME  CAUSE             MESSAGE
                        prod-fr      cart         1     1   skipped  ALREADY_DEPLOYED  runs version 1 already
                        prod-fr      search       1     1   skipped  ALREADY_DEPLOYED  runs version 1 already
                        Train: 0 deployed, 0 queued, 2 skipped.
                        """);
    }

    @Test
    void teamAndStackFiltersSkipTheOthersAndJsonIsTheApiAnswer() {
        platform.release("cart", Map.of("team", "payments"), EVERYWHERE);
        platform.release("search", Map.of("team", "discovery"), EVERYWHERE);

        Result discovery = cli.run("train", "-e", "staging", "--team", "discovery", "--prognosis");
        Result stack = cli.run("train", "-e", "staging", "--stack", "geocube", "--prognosis");
        Result payments = cli.run("train", "-e", "staging", "-t", "payments", "--output", "json");

        assertThat(discovery.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME  CAUSE          MESSAGE
                        staging      cart         1     2   skip     NOT_IN_FILTER  application is in team payments
                        staging      search       1     2   deploy   -              -
                        Prognosis: 1 to deploy, 0 to queue, 1 to skip. Nothing was changed.
                        """);
        assertThat(stack.out())
                .contains("staging      cart         1     2   skip     NOT_IN_FILTER  application is in no stack");
        assertThat(payments.exitCode()).isZero();
        JsonNode result = payments.json();
        assertThat(result.path("prognosis").asBoolean()).isFalse();
        assertThat(result.path("trainId").asText()).isNotEmpty();
        JsonNode applications = result.path("environments").get(0).path("applications");
        assertThat(applications.get(0).path("application").asText()).isEqualTo("cart");
        assertThat(applications.get(0).has("skipped")).isFalse();
        assertThat(applications.get(1).path("skipped").asText()).isEqualTo("NOT_IN_FILTER");
        assertThat(deployments("cart")).containsEntry("staging", 2L);
        assertThat(deployments("search")).containsEntry("staging", 1L);
    }

    @Test
    void aLockedEnvironmentQueuesEveryApplicationAndAnEmptyOneHasNothingToMove() {
        lock("/api/v1/locks/environment/prod-fr/freeze", "release freeze");
        platform.environment("qa", "{\"upstream\":{\"environment\":\"prod-fr\"}}");

        Result locked = cli.run("release-train", "--target-environment", "prod-fr");
        Result empty = cli.run("train", "--environment", "qa");

        assertThat(locked.exitCode()).as(locked.toString()).isZero();
        assertThat(locked.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME  CAUSE               MESSAGE
                        prod-fr      cart         -     1   queued   ENVIRONMENT_LOCKED  environment lock 'freeze' on prod-fr: release freeze
                        prod-fr      search       -     1   queued   ENVIRONMENT_LOCKED  environment lock 'freeze' on prod-fr: release freeze
                        Train: 0 deployed, 2 queued, 0 skipped.
                        """);
        assertThat(empty.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME  CAUSE  MESSAGE
                        qa           -            -     -   -        -      nothing to move
                        Train: 0 deployed, 0 queued, 0 skipped.
                        """);
    }

    @Test
    void kuberpultsReleaseTrainFlagsNameAnEnvironmentOrAGroup() {
        Result group =
                cli.run("release-train", "--target-environment", "production", "--use_env_group_target", "--prognosis");
        Result environment = cli.run("release-train", "--target-environment", "prod-de", "--team", "payments");

        assertThat(group.exitCode()).as(group.toString()).isZero();
        assertThat(group.out()).endsWith("Prognosis: 4 to deploy, 0 to queue, 0 to skip. Nothing was changed.\n");
        assertThat(environment.out()).isEqualTo("""
                        ENVIRONMENT  APPLICATION  FROM  TO  OUTCOME   CAUSE          MESSAGE
                        prod-de      cart         -     1   deployed  -              -
                        prod-de      search       -     1   skipped   NOT_IN_FILTER  application is in team discovery
                        Train: 1 deployed, 0 queued, 1 skipped.
                        """);
    }

    @Test
    void refusalsAndUsageErrorsHaveTheirExitCodes() {
        Result nowhere = cli.run("train");
        Result both = cli.run("train", "-e", "staging", "-g", "production");
        Result groupFlagAlone = cli.run("train", "--use_env_group_target");
        Result extra = cli.run("train", "-e", "staging", "now");
        Result unknownEnvironment = cli.run("train", "-e", "nowhere");
        Result unknownGroup = cli.run("train", "-g", "nowhere", "--output", "json");
        Result badTeam = cli.run("train", "-e", "staging", "--team", "Pay Ments");

        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.err()).isEqualTo("""
                        error: say where the train goes: --environment ENV or --group GROUP
                        Try 'trebuchet train --help' for more information.
                        """);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: give --environment or --group, not both");
        assertThat(groupFlagAlone.exitCode()).isEqualTo(2);
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.err()).contains("Unmatched argument at index 3: 'now'");
        assertThat(unknownEnvironment.exitCode()).isEqualTo(1);
        assertThat(unknownEnvironment.err())
                .isEqualTo("error: ENVIRONMENT_NOT_FOUND: environment nowhere does not exist\n"
                        + "'trebuchet env list' lists the environments; 'trebuchet apply -f DIR' or 'trebuchet env apply NAME"
                        + " --upstream ENV' creates one.\n");
        assertThat(unknownGroup.exitCode()).isEqualTo(1);
        assertThat(unknownGroup.json().path("code").asText()).isEqualTo("ENVIRONMENT_GROUP_NOT_FOUND");
        assertThat(badTeam.exitCode()).isEqualTo(2);
        assertThat(badTeam.err()).startsWith("error: INVALID_TEAM_NAME:");
        assertThat(http.get("/api/v1/events?kind=RELEASE_TRAIN").json().path("events"))
                .isEmpty();
    }

    private void deploy(String environment, String application, long version) {
        TestingHttp.Response response = http.postJson(
                "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                "{\"version\":" + version + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private void lock(String path, String message) {
        TestingHttp.Response response = http.putJson(path, "{\"message\":\"" + message + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /** Where an application runs: environment to version. */
    private Map<String, Long> deployments(String application) {
        Map<String, Long> deployments = new java.util.TreeMap<>();
        http.get("/api/v1/applications/" + application)
                .json()
                .path("environments")
                .properties()
                .forEach(entry -> deployments.put(
                        entry.getKey(), entry.getValue().path("version").asLong()));
        return deployments;
    }
}
