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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** lock, unlock, locks and Kuberpult's lock commands against a real server. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class LockCommandsIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        cli = new TestingCli(server.baseUrl());
        new TestingPlatform(http).threeStages().release("cart", Map.of("team", "payments"), "dev", "staging");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyKindOfLockIsPutListedAndDeleted() {
        Result environment = cli.run(
                "lock",
                "--environment",
                "staging",
                "--lock-id",
                "qa",
                "--message",
                "QA tests 1.4",
                "--expires-in",
                "2h",
                "--suggested-lifetime",
                "1h",
                "--ci-link",
                "https://ci.example.com/7",
                "--author-name",
                "Quinn");
        Result again = cli.run(
                "lock",
                "-e",
                "staging",
                "-l",
                "qa",
                "-m",
                "QA tests 1.4",
                "--expires-in",
                "2h",
                "--suggested-lifetime",
                "1h",
                "--ci-link",
                "https://ci.example.com/7",
                "--author-name",
                "Quinn");
        Result application = cli.run("lock", "-e", "staging", "-a", "cart", "-l", "hotfix", "-m", "hotfix 12");
        Result team = cli.run("lock", "-e", "prod-de", "--team", "payments", "-l", "audit", "-m", "PCI audit");
        Result group = cli.run("lock", "--group", "production", "-l", "freeze", "-m", "Black Friday");
        Result changed = cli.run(
                "lock", "--environment-group", "production", "-l", "freeze", "-m", "Black Friday", "--output", "json");
        Result list = cli.run("locks");

        assertThat(environment.exitCode()).as(environment.toString()).isZero();
        assertThat(environment.out())
                .isEqualTo("Created environment lock qa on staging. It expires at 2026-11-02T12:00:00Z.\n");
        assertThat(again.out())
                .isEqualTo("The environment lock qa on staging exists already as given; nothing changed.\n");
        assertThat(application.out()).isEqualTo("Created application lock hotfix on cart in staging.\n");
        assertThat(team.out()).isEqualTo("Created team lock audit on team payments in prod-de.\n");
        assertThat(group.out()).isEqualTo("Created environment lock freeze on prod-de, prod-fr (group production).\n");
        assertThat(changed.exitCode()).isZero();
        assertThat(changed.json().path("changed").asBoolean()).isFalse();
        assertThat(changed.json().path("locks")).hasSize(2);
        assertThat(list.out()).isEqualTo("""
                        ENVIRONMENT  LOCK    COVERS                          STATE   EXPIRES               BY         MESSAGE
                        prod-de      freeze  environment (group production)  active  -                     anonymous  Black Friday
                        prod-de      audit   team payments                   active  -                     anonymous  PCI audit
                        prod-fr      freeze  environment (group production)  active  -                     anonymous  Black Friday
                        staging      hotfix  application cart                active  -                     anonymous  hotfix 12
                        staging      qa      environment                     active  2026-11-02T12:00:00Z  Quinn      QA tests 1.4
                        """);
        JsonNode stored = http.get("/api/v1/locks?environment=staging&kind=environment")
                .json()
                .path("locks")
                .get(0);
        assertThat(stored.path("ciLink").asText()).isEqualTo("https://ci.example.com/7");
        assertThat(stored.path("suggestedLifetime").asLong()).isEqualTo(3600);

        Result unlockEnvironment = cli.run("unlock", "--environment", "staging", "--lock-id", "qa");
        Result unlockApplication = cli.run("unlock", "-e", "staging", "-a", "cart", "-l", "hotfix");
        Result unlockTeam = cli.run("unlock", "-e", "prod-de", "-t", "payments", "-l", "audit", "--output", "json");
        Result unlockGroup = cli.run("unlock", "--group", "production", "-l", "freeze");
        Result none = cli.run("locks");

        assertThat(unlockEnvironment.out()).isEqualTo("Deleted environment lock qa on staging.\n");
        assertThat(unlockApplication.out()).isEqualTo("Deleted application lock hotfix on cart in staging.\n");
        assertThat(unlockTeam.json().path("deleted").get(0).path("team").asText())
                .isEqualTo("payments");
        assertThat(unlockGroup.out())
                .isEqualTo("Deleted environment lock freeze on prod-de, prod-fr (group production).\n");
        assertThat(none.out()).isEqualTo("No locks.\n");
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
    }

    @Test
    void locksShowsActiveExpiredAndDormantLocksWithFilters() {
        assertThat(cli.run("lock", "-e", "dev", "-l", "short", "-m", "for an hour", "--expires-in", "1h")
                        .exitCode())
                .isZero();
        assertThat(cli.run(
                                "lock",
                                "-e",
                                "dev",
                                "-a",
                                "cart",
                                "-l",
                                "long",
                                "-m",
                                "for a while",
                                "--suggested-lifetime",
                                "30m")
                        .exitCode())
                .isZero();
        Result scheduled = cli.run(
                "lock",
                "-e",
                "staging",
                "-l",
                "nightly",
                "-m",
                "no deploys at night",
                "--schedule",
                "0 22 * * *",
                "--window",
                "8h",
                "--time-zone",
                "Europe/Berlin");
        server.clock().advance(Duration.ofHours(2));

        Result all = cli.run("locks");
        Result expired = cli.run("locks", "--state", "expired");
        Result application = cli.run("locks", "--application", "cart", "--output", "json");
        Result nothing = cli.run("locks", "--environment", "prod-fr");
        Result badState = cli.run("locks", "--state", "asleep");

        assertThat(scheduled.out())
                .isEqualTo("Created environment lock nightly on staging. It is dormant now: it blocks only inside its"
                        + " schedule's windows.\n");
        assertThat(all.out()).isEqualTo("""
                        ENVIRONMENT  LOCK     COVERS            STATE                                                  EXPIRES               BY         MESSAGE
                        dev          long     application cart  active (past its suggested lifetime of 30m)            -                     anonymous  for a while
                        dev          short    environment       expired                                                2026-11-02T11:00:00Z  anonymous  for an hour
                        staging      nightly  environment       dormant (in windows 0 22 * * * for 8h, Europe/Berlin)  -                     anonymous  no deploys at night
                        """);
        assertThat(expired.out()).contains("short").doesNotContain("long").doesNotContain("nightly");
        assertThat(application.json().path("locks")).hasSize(1);
        assertThat(application.json().path("locks").get(0).path("state").asText())
                .isEqualTo("active");
        assertThat(application
                        .json()
                        .path("locks")
                        .get(0)
                        .path("pastSuggestedLifetime")
                        .asBoolean())
                .isTrue();
        assertThat(nothing.out()).isEqualTo("No such locks.\n");
        assertThat(badState.exitCode()).isEqualTo(2);
        assertThat(badState.err()).startsWith("Invalid value for option '--state'");
    }

    @Test
    void refusalsAndUsageErrorsHaveTheirExitCodes() {
        Result unknownEnvironment = cli.run("lock", "-e", "qa", "-l", "x1", "-m", "m");
        Result unknownApplication = cli.run("lock", "-e", "dev", "-a", "nope", "-l", "x1", "-m", "m", "-o", "json");
        Result unknownGroup = cli.run("lock", "-g", "nowhere", "-l", "x1", "-m", "m");
        Result notThere = cli.run("unlock", "-e", "dev", "-l", "x1");
        Result badId = cli.run("lock", "-e", "dev", "-l", "a/b", "-m", "m");
        Result badDuration = cli.run("lock", "-e", "dev", "-l", "x1", "-m", "m", "--expires-in", "soon");
        Result badLink = cli.run("lock", "-e", "dev", "-l", "x1", "-m", "m", "--ci-link", "ci.example.com");
        Result noMessage = cli.run("lock", "-e", "dev", "-l", "x1");
        Result nowhere = cli.run("lock", "-l", "x1", "-m", "m");
        Result both = cli.run("lock", "-e", "dev", "-a", "cart", "-t", "payments", "-l", "x1", "-m", "m");
        Result groupAndEnvironment = cli.run("unlock", "-g", "production", "-e", "dev", "-l", "x1");
        Result twoExpiries = cli.run(
                "lock",
                "-e",
                "dev",
                "-l",
                "x1",
                "-m",
                "m",
                "--expires-in",
                "1h",
                "--expires-at",
                "2027-01-01T00:00:00Z");
        Result badTime = cli.run("lock", "-e", "dev", "-l", "x1", "-m", "m", "--expires-at", "tomorrow");
        Result windowWithoutSchedule = cli.run("lock", "-e", "dev", "-l", "x1", "-m", "m", "--window", "8h");

        assertThat(unknownEnvironment.exitCode()).isEqualTo(1);
        assertThat(unknownEnvironment.err())
                .isEqualTo("error: ENVIRONMENT_NOT_FOUND: environment qa does not exist\n"
                        + "'trebuchet env list' lists the environments; 'trebuchet apply -f DIR' or 'trebuchet env apply NAME"
                        + " --upstream ENV' creates one.\n");
        assertThat(unknownApplication.exitCode()).isEqualTo(1);
        assertThat(unknownApplication.json().path("code").asText()).isEqualTo("APPLICATION_NOT_FOUND");
        assertThat(unknownGroup.err()).isEqualTo("""
                        error: ENVIRONMENT_GROUP_NOT_FOUND: no environment is in group nowhere
                        'trebuchet env list' shows the group of each environment.
                        """);
        assertThat(notThere.exitCode()).isEqualTo(1);
        assertThat(notThere.err()).isEqualTo("""
                        error: LOCK_NOT_FOUND: there is no environment lock x1 in environment dev
                        'trebuchet locks' lists the locks with their ids.
                        """);
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).startsWith("error: INVALID_LOCK: lock id 'a/b' must not contain '/'");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).startsWith("error: INVALID_REQUEST: expiresIn must be a duration such as 30m");
        assertThat(badLink.exitCode()).isEqualTo(2);
        assertThat(badLink.err()).startsWith("error: INVALID_LOCK: ciLink must be an http(s) URL");
        assertThat(noMessage.exitCode()).isEqualTo(2);
        assertThat(noMessage.err()).startsWith("Missing required option: '--message=TEXT'");
        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.err()).startsWith("error: say where: --environment ENV");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: --application and --team do not go together");
        assertThat(groupAndEnvironment.exitCode()).isEqualTo(2);
        assertThat(groupAndEnvironment.err()).contains("Try 'trebuchet unlock --help' for more information.");
        assertThat(twoExpiries.exitCode()).isEqualTo(2);
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).startsWith("error: --expires-at must be a time with its offset");
        assertThat(windowWithoutSchedule.exitCode()).isEqualTo(2);
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
        assertThat(http.get("/api/v1/events?kind=LOCK_CREATED").json().path("events"))
                .isEmpty();
    }

    @Test
    void kuberpultsLockCommandsTakeItsFlags() {
        Result environment =
                cli.run("create-env-lock", "--environment", "dev", "--lockID", "kp-env", "--message", "from CI");
        Result application = cli.run(
                "create-app-lock",
                "--environment",
                "dev",
                "--application",
                "cart",
                "--lockID",
                "kp-app",
                "--message",
                "from CI");
        Result team = cli.run(
                "create-team-lock",
                "--environment",
                "dev",
                "--team",
                "payments",
                "--lockID",
                "kp-team",
                "--message",
                "x");
        Result group = cli.run(
                "create-group-lock", "--environment-group", "production", "--lockID", "kp-group", "--message", "x");
        Result missingApplication =
                cli.run("create-app-lock", "--environment", "dev", "--lockID", "kp-app", "--message", "from CI");

        assertThat(environment.out()).isEqualTo("Created environment lock kp-env on dev.\n");
        assertThat(application.out()).isEqualTo("Created application lock kp-app on cart in dev.\n");
        assertThat(team.out()).isEqualTo("Created team lock kp-team on team payments in dev.\n");
        assertThat(group.out())
                .isEqualTo("Created environment lock kp-group on prod-de, prod-fr (group production).\n");
        assertThat(missingApplication.exitCode()).isEqualTo(2);
        assertThat(missingApplication.err()).startsWith("Missing required option: '--application=APP'");
        assertThat(http.get("/api/v1/locks").json().path("locks")).hasSize(5);

        assertThat(cli.run("delete-env-lock", "--environment", "dev", "--lockID", "kp-env")
                        .out())
                .isEqualTo("Deleted environment lock kp-env on dev.\n");
        assertThat(cli.run("delete-app-lock", "--environment", "dev", "--application", "cart", "--lockID", "kp-app")
                        .out())
                .isEqualTo("Deleted application lock kp-app on cart in dev.\n");
        assertThat(cli.run("delete-team-lock", "--environment", "dev", "--team", "payments", "--lockID", "kp-team")
                        .out())
                .isEqualTo("Deleted team lock kp-team on team payments in dev.\n");
        assertThat(cli.run("delete-group-lock", "--environment-group", "production", "--lockID", "kp-group")
                        .out())
                .isEqualTo("Deleted environment lock kp-group on prod-de, prod-fr (group production).\n");
        Result gone = cli.run("delete-group-lock", "--environment-group", "production", "--lockID", "kp-group");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).startsWith("error: LOCK_NOT_FOUND:");
        assertThat(http.get("/api/v1/locks").json().path("locks")).isEmpty();
    }
}
