package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** deploy, undeploy, status, events and commit-status against a real server. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class OperationsCommandsIT {
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
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deployMovesAVersionAndSaysWhatItReplaced() {
        platform.release("cart", "dev", "staging");
        platform.release("cart", "dev", "staging");

        Result first = cli.run("deploy", "--application", "cart", "--environment", "staging", "--version", "1");
        Result second = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "2");
        Result again = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "2");
        Result json = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--output", "json");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("Deployed cart 1 to staging.\n");
        assertThat(second.out()).isEqualTo("Deployed cart 2 to staging (was 1).\n");
        assertThat(again.out()).isEqualTo("cart 2 runs in staging already; nothing changed.\n");
        assertThat(json.json().path("deployment").path("reason").asText()).isEqualTo("manual");
        assertThat(json.json().path("previousVersion").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void deployAndLockLeavesTheVersionUntilSomeoneUnlocks() {
        platform.release("cart", "dev");
        platform.release("cart", "dev");

        Result locked = cli.run(
                "deploy",
                "-a",
                "cart",
                "-e",
                "dev",
                "-v",
                "1",
                "--lock",
                "v2 breaks checkout",
                "--lock-id",
                "hold",
                "--lock-expires-in",
                "2d");
        platform.release("cart", "dev");
        Result withRecord =
                cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--lock", "m", "--lock-behavior", "record");
        Result idAlone = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--lock-id", "hold");
        Result badDuration =
                cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--lock", "m", "--lock-expires-in", "soon");

        assertThat(locked.exitCode()).as(locked.toString()).isZero();
        assertThat(locked.out()).isEqualTo("""
                        Deployed cart 1 to dev (was 2).
                        Locked cart in dev (lock 'hold'): automation leaves it there until someone unlocks it.
                        """);
        JsonNode lock =
                http.get("/api/v1/locks?environment=dev").json().path("locks").path(0);
        assertThat(lock.path("id").asText()).isEqualTo("hold");
        assertThat(lock.path("message").asText()).isEqualTo("v2 breaks checkout");
        assertThat(lock.path("expiresAt").asText()).isNotEmpty();
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(List.of(withRecord, idAlone, badDuration))
                .allSatisfy(result ->
                        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2));
        assertThat(http.get("/api/v1/locks").json().path("locks")).hasSize(1);
    }

    @Test
    void deployRefusalsAndUsageErrorsHaveTheirExitCodes() {
        platform.release("cart", "dev");

        Result noRelease = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "9");
        Result noManifest = cli.run("deploy", "-a", "cart", "-e", "prod-de", "-v", "1");
        Result missingVersion = cli.run("deploy", "-a", "cart", "-e", "dev");
        Result badVersion = cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "latest");

        assertThat(noRelease.exitCode()).isEqualTo(1);
        assertThat(noRelease.err()).isEqualTo("""
                        error: RELEASE_NOT_FOUND: application cart has no release 9
                        'trebuchet status --app APP' shows the application's newest version (LATEST).
                        """);
        assertThat(noManifest.exitCode()).isEqualTo(1);
        assertThat(noManifest.err())
                .startsWith("error: NO_MANIFEST_FOR_ENVIRONMENT: release 1 of cart has no manifest");
        assertThat(missingVersion.exitCode()).isEqualTo(2);
        assertThat(missingVersion.err()).startsWith("Missing required option: '--version=N'");
        assertThat(badVersion.exitCode()).isEqualTo(2);
        assertThat(badVersion.err()).startsWith("error: INVALID_VERSION: version must be a positive integer");
    }

    @Test
    void deployOverALockFailsRecordsOrIgnoresAsAsked() {
        platform.release("cart", "dev", "staging");
        assertThat(http.putJson("/api/v1/locks/environment/staging/qa", "{\"message\":\"QA tests\"}")
                        .status())
                .isEqualTo(201);

        Result refused = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "1");
        Result refusedJson = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "1", "--output", "json");
        Result recorded = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "1", "--lock-behavior", "record");
        JsonNode queued =
                http.get("/api/v1/applications/cart").json().path("queued").path("staging");
        Result ignored = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "1", "--lock-behavior", "IGNORE");
        Result recordedJson =
                cli.run("deploy", "-a", "cart", "-e", "dev", "-v", "1", "--lock-behavior", "record", "-o", "json");
        Result badBehavior = cli.run("deploy", "-a", "cart", "-e", "staging", "-v", "1", "--lock-behavior", "maybe");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("""
                        error: DEPLOYMENT_BLOCKED: cart cannot be deployed to staging now: environment lock 'qa' on \
                        staging: QA tests. Deploy with lockBehavior 'ignore' to go through, or wait.
                        Deploy anyway with --lock-behavior ignore, or queue the version with --lock-behavior record.
                        """);
        assertThat(refusedJson
                        .json()
                        .path("details")
                        .path("blockedBy")
                        .get(0)
                        .path("cause")
                        .asText())
                .isEqualTo("ENVIRONMENT_LOCKED");
        assertThat(recorded.exitCode()).as(recorded.toString()).isZero();
        assertThat(recorded.out())
                .isEqualTo("Queued cart 1 in staging; nothing was deployed. Blocked by environment lock 'qa' on"
                        + " staging: QA tests.\n");
        assertThat(queued.path("version").asLong()).isEqualTo(1);
        assertThat(ignored.exitCode()).isZero();
        assertThat(ignored.out()).isEqualTo("""
                        Deployed cart 1 to staging.
                        It went through environment lock 'qa' on staging: QA tests.
                        """);
        assertThat(recordedJson.json().path("result").asText()).isEqualTo("unchanged");
        assertThat(badBehavior.exitCode()).isEqualTo(2);
        assertThat(badBehavior.err()).startsWith("Invalid value for option '--lock-behavior'");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("staging")
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void statusShowsLocksQueuedVersionsFreezesAndWarnings() {
        platform.environment(
                "prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"freezeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 10 * * *\",\"duration\":\"2h\","
                        + "\"timeZone\":\"UTC\"}]}");
        platform.release("cart", java.util.Map.of("team", "payments"), "dev", "staging", "prod-de");
        http.putJson("/api/v1/locks/environment/dev/qa", "{\"message\":\"QA tests\",\"suggestedLifetime\":\"30m\"}");
        http.putJson("/api/v1/locks/team/staging/payments/audit", "{\"message\":\"PCI audit\"}");
        server.clock().advance(java.time.Duration.ofMinutes(45));
        platform.release("cart", java.util.Map.of("team", "payments"), "dev", "staging", "prod-de");
        http.postJson(
                "/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1,\"lockBehavior\":\"ignore\"}");

        Result grid = cli.run("status");
        Result environment = cli.run("status", "--env", "dev");
        Result json = cli.run("status", "--env", "dev", "--output", "json");

        assertThat(grid.exitCode()).as(grid.toString()).isZero();
        assertThat(grid.out()).isEqualTo("""
                        APPLICATION  TEAM      LATEST  dev           staging  prod-de  prod-fr
                        cart         payments  2       1 [2 queued]  1        -        -

                        Locks:
                        ENVIRONMENT  LOCK   COVERS         STATE                                        EXPIRES  BY         MESSAGE
                        dev          qa     environment    active (past its suggested lifetime of 30m)  -        anonymous  QA tests
                        staging      audit  team payments  active                                       -        anonymous  PCI audit

                        Queued versions (not deployed until someone deploys them or a newer one):
                        APPLICATION  ENVIRONMENT  VERSION  QUEUED AT             BY         REASON  BLOCKED BY
                        cart         dev          2        2026-11-02T10:45:00Z  anonymous  auto    ENVIRONMENT_LOCKED: environment lock 'qa' on dev: QA tests

                        Freezes:
                        ENVIRONMENT  UNTIL                 WHY
                        prod-de      2026-11-02T12:00:00Z  inside deny window '0 10 * * *' (2h, UTC)

                        1 warning; trebuchet status --env ENV shows it.
                        """);
        assertThat(environment.out()).isEqualTo("""
                        APPLICATION  ENVIRONMENT  VERSION       DEPLOYED AT           BY         REASON
                        cart         dev          1 [2 queued]  2026-11-02T10:00:00Z  anonymous  auto

                        Locks:
                        ENVIRONMENT  LOCK  COVERS       STATE                                        EXPIRES  BY         MESSAGE
                        dev          qa    environment  active (past its suggested lifetime of 30m)  -        anonymous  QA tests

                        Queued versions (not deployed until someone deploys them or a newer one):
                        APPLICATION  ENVIRONMENT  VERSION  QUEUED AT             BY         REASON  BLOCKED BY
                        cart         dev          2        2026-11-02T10:45:00Z  anonymous  auto    ENVIRONMENT_LOCKED: environment lock 'qa' on dev: QA tests

                        Warnings:
                        ENVIRONMENT  APPLICATION  WARNING                       MESSAGE
                        dev          -            LOCK_PAST_SUGGESTED_LIFETIME  lock 'qa' has outlived its suggested lifetime: QA tests
                        """);
        JsonNode cart = json.json().path("applications").get(0);
        assertThat(cart.path("queued").path("dev").path("version").asLong()).isEqualTo(2);
        assertThat(cart.path("locks").properties()).isEmpty();
        assertThat(json.json()
                        .path("environmentGroups")
                        .get(0)
                        .path("environments")
                        .get(0)
                        .path("locks"))
                .hasSize(1);
    }

    @Test
    void statusMarksVersionsWithWarningsAndListsThemInDetail() {
        Multipart form = Multipart.form().field("application", "search");
        form.file("manifests[dev]", "dev.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: search
                spec:
                  template:
                    spec:
                      containers:
                        - name: search
                          image: registry.example.com/search:1.0.0
                """);
        assertThat(http.postMultipart("/api/release", form).status()).isEqualTo(201);

        Result grid = cli.run("status");
        Result detail = cli.run("status", "--app", "search", "--env", "dev");

        assertThat(grid.out()).isEqualTo("""
                        APPLICATION  TEAM  LATEST  dev  staging  prod-de  prod-fr
                        search       -     1       1 !  -        -        -

                        5 warnings; trebuchet status --env ENV or --app APP shows them (! marks a version with warnings).
                        """);
        assertThat(detail.out())
                .contains("\nWarnings:\nENVIRONMENT  APPLICATION  WARNING  MESSAGE\n")
                .contains("dev          search       POLICY   warn: Deployment search container search: cpu request is"
                        + " not set");
        assertThat(detail.out().lines().filter(line -> line.contains("  POLICY  ")))
                .hasSize(5);
    }

    @Test
    void undeployRemovesFromOneEnvironmentOrFromAll() {
        platform.release("cart", "dev", "staging");
        http.postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}");

        Result one = cli.run("undeploy", "--application", "cart", "--environment", "staging");
        Result notThere = cli.run("undeploy", "--application", "cart", "--environment", "staging");
        Result all = cli.run("undeploy", "--application", "cart", "--all-environments");
        Result nothingLeft = cli.run("undeploy", "--application", "cart", "--all-environments", "--output", "json");
        Result neither = cli.run("undeploy", "--application", "cart");
        Result both = cli.run("undeploy", "--application", "cart", "--environment", "dev", "--all-environments");

        assertThat(one.out()).isEqualTo("Removed cart from staging (it ran version 1).\n");
        assertThat(notThere.exitCode()).isEqualTo(1);
        assertThat(notThere.err()).isEqualTo("""
                        error: NOT_DEPLOYED: application cart is not deployed in environment staging
                        'trebuchet status --app APP' shows where the application runs.
                        """);
        assertThat(all.out()).isEqualTo("Removed cart from dev (1).\n");
        assertThat(nothingLeft.json().path("removed")).isEmpty();
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).startsWith("Error: Missing required argument (specify one of these):");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(http.get("/api/v1/applications/cart/deployments").json().path("deployments"))
                .isEmpty();
    }

    @Test
    void statusShowsWhatRunsWhereInUpstreamOrder() {
        releaseWithDisplay("cart", "v1.0.0");
        releaseWithDisplay("cart", "v1.1.0");
        platform.release("search", "dev");
        http.postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}");
        http.putJson("/api/v1/environments/qa", "{\"upstream\":{\"environment\":\"prod-fr\"}}");

        Result grid = cli.run("status");

        assertThat(grid.exitCode()).as(grid.toString()).isZero();
        assertThat(grid.out()).isEqualTo("""
                        APPLICATION  TEAM  LATEST  dev         staging     prod-de  prod-fr  qa
                        cart         -     2       2 (v1.1.0)  1 (v1.0.0)  -        -        -
                        search       -     1       1           -           -        -        -
                        """);
    }

    @Test
    void statusOfOneEnvironmentOrApplicationSaysWhoDeployedWhatWhenAndWhy() {
        platform.release("cart", "dev", "staging");
        http.postJsonWithHeaders(
                "/api/v1/environments/staging/applications/cart/deploy",
                "{\"version\":1}",
                TestingHttp.author("Ops Person", "ops@example.com"));

        Result environment = cli.run("status", "--env", "staging");
        Result application = cli.run("status", "--app", "cart");
        Result json = cli.run("status", "--app", "cart", "--env", "dev", "--output", "json");

        assertThat(environment.out()).isEqualTo("""
                        APPLICATION  ENVIRONMENT  VERSION  DEPLOYED AT           BY          REASON
                        cart         staging      1        2026-11-02T10:00:00Z  Ops Person  manual
                        """);
        assertThat(application.out()).isEqualTo("""
                        APPLICATION  ENVIRONMENT  VERSION  DEPLOYED AT           BY          REASON
                        cart         dev          1        2026-11-02T10:00:00Z  anonymous   auto
                        cart         staging      1        2026-11-02T10:00:00Z  Ops Person  manual
                        cart         prod-de      -        -                     -           -
                        cart         prod-fr      -        -                     -           -
                        """);
        JsonNode overview = json.json();
        assertThat(overview.path("environmentGroups")).hasSize(1);
        assertThat(overview.path("environmentGroups")
                        .get(0)
                        .path("environments")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("dev");
        assertThat(overview.path("applications").get(0).path("environments").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("dev");
    }

    @Test
    void statusOfSomethingUnknownIsRefused() {
        Result application = cli.run("status", "--app", "nope");
        Result environment = cli.run("status", "--env", "nope", "--output", "json");

        assertThat(application.exitCode()).isEqualTo(1);
        assertThat(application.err())
                .isEqualTo("error: APPLICATION_NOT_FOUND: application nope does not exist\n"
                        + "'trebuchet status' lists the applications; CI creates one with its first 'trebuchet release',"
                        + " or declare it in a platform directory ('trebuchet apply -f DIR').\n");
        assertThat(environment.exitCode()).isEqualTo(1);

        assertThat(environment.json().path("code").asText()).isEqualTo("ENVIRONMENT_NOT_FOUND");
    }

    @Test
    void eventsListTheAuditLogWithFilters() {
        platform.release("cart", "dev");

        Result all = cli.run("events", "--after", "3");
        Result deployed = cli.run("events", "--application", "cart", "--kind", "DEPLOYED", "--output", "json");
        Result page = cli.run("events", "--limit", "2");
        Result badKind = cli.run("events", "--kind", "EXPLODED");

        assertThat(all.out()).isEqualTo("""
                        ID  TIME                  ACTOR      KIND                 APPLICATION  ENVIRONMENT  DETAILS
                        4   2026-11-02T10:00:00Z  anonymous  ENVIRONMENT_CREATED  -            prod-fr      {"config":{"upstream":{"environment":"staging"},"environmentGroup":"productio...
                        5   2026-11-02T10:00:00Z  anonymous  APPLICATION_CREATED  cart         -            {}
                        6   2026-11-02T10:00:00Z  anonymous  RELEASE_CREATED      cart         -            {"environments":["dev"],"version":1}
                        7   2026-11-02T10:00:00Z  anonymous  DEPLOYED             cart         dev          {"reason":"auto","version":1}
                        """);
        assertThat(deployed.json().path("events")).hasSize(1);
        assertThat(deployed.json().path("next").asLong()).isEqualTo(7);
        assertThat(page.out()).endsWith("More events may follow: trebuchet events --after 2\n");
        assertThat(badKind.exitCode()).isEqualTo(1);
        assertThat(badKind.err()).startsWith("error: INVALID_REQUEST: unknown event kind 'EXPLODED'");
    }

    @Test
    void commitStatusSaysWhereACommitRuns() {
        release("cart", "abc1234");
        release("cart", "def5678");
        http.postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}");

        Result table = cli.run("commit-status", "abc1234");
        Result json = cli.run("commit-status", "def5678", "--output", "json");
        Result unknown = cli.run("commit-status", "0000000");

        assertThat(table.out()).isEqualTo("""
                        APPLICATION  RELEASE  ENVIRONMENT  STATUS    RUNNING
                        cart         1        dev          deployed  2
                        cart         1        staging      deployed  1
                        """);
        assertThat(json.json()
                        .path("applications")
                        .get(0)
                        .path("environments")
                        .get(1)
                        .path("status")
                        .asText())
                .isEqualTo("pending");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("""
                        error: COMMIT_NOT_FOUND: no release was built from commit 0000000
                        A commit is known once a release names it (trebuchet release --source_commit_id COMMIT).
                        """);
    }

    private void release(String application, String commit) {
        Multipart form = Multipart.form().field("application", application).field("source_commit_id", commit);
        form.file("manifests[dev]", "dev.yaml", TestingPlatform.manifest(application, "dev"));
        form.file("manifests[staging]", "staging.yaml", TestingPlatform.manifest(application, "staging"));
        assertThat(http.postMultipart("/api/release", form).status()).isEqualTo(201);
    }

    private void releaseWithDisplay(String application, String display) {
        Multipart form = Multipart.form().field("application", application).field("display_version", display);
        form.file("manifests[dev]", "dev.yaml", TestingPlatform.manifest(application, "dev"));
        form.file("manifests[staging]", "staging.yaml", TestingPlatform.manifest(application, "staging"));
        assertThat(http.postMultipart("/api/release", form).status()).isEqualTo(201);
    }
}
