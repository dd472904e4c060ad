package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code trebuchet apply -f DIR} and {@code trebuchet diff -f DIR} against a real server. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ConfigCommandsIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;
    private Path directory;

    @BeforeEach
    void start(TestingDatabases databases) throws IOException {
        server = TestingServer.start(backend, databases);
        http = server.http();
        cli = new TestingCli(server.baseUrl());
        directory = Files.createTempDirectory("trebuchet-platform");
        write("platform.yaml", "name: shop\n");
        write("environments/dev.yaml", "name: dev\nupstream:\n  latest: true\n");
        write("environments/staging.yaml", "name: staging\nupstream:\n  environment: dev\n");
        write("applications/cart.yaml", "name: cart\nteam: payments\n");
    }

    @AfterEach
    void stop() {
        server.close();
        TestingFiles.deleteRecursively(directory);
    }

    @Test
    void diffShowsThePlanApplyMakesItAndThenThereIsNothingLeftToDo() throws IOException {
        Result diff = cli.run("diff", "-f", dir());
        Result apply = cli.run("apply", "-f", dir());
        Result again = cli.run("apply", "-f", dir());
        Result diffAfter = cli.run("diff", "-f", dir(), "--prune");

        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).isEqualTo("""
                        + environment dev
                            upstream.latest: true
                        + environment staging
                            upstream.environment: "dev"
                        + application cart
                            team: "payments"
                        Plan: 3 to create, 0 to change, 0 to delete.
                        """);
        assertThat(apply.out()).isEqualTo("""
                        + environment dev
                        + environment staging
                        + application cart
                        Applied: 3 created, 0 changed, 0 deleted.
                        """);
        assertThat(again.out()).isEqualTo("No changes: the server matches %s already.\n".formatted(dir()));
        assertThat(diffAfter.out()).isEqualTo("No differences: the server matches %s.\n".formatted(dir()));
        assertThat(http.get("/api/v1/applications/cart").json().path("team").asText())
                .isEqualTo("payments");

        write("environments/staging.yaml", "name: staging\nupstream:\n  environment: dev\nenvironmentGroup: pre\n");
        Result change = cli.run("diff", "-f", dir(), "--output", "json");
        assertThat(change.json().path("changes").get(0).path("fields").toString())
                .isEqualTo("[{\"path\":\"environmentGroup\",\"after\":\"pre\"}]");
        assertThat(cli.run("apply", "-f", dir()).out()).isEqualTo("""
                        ~ environment staging
                        Applied: 0 created, 1 changed, 0 deleted.
                        """);
    }

    @Test
    void withoutPruneExtraServerStateIsKeptAndNamedAndPruneDeletesIt() {
        new TestingPlatform(http).environment("qa", "{\"upstream\":{\"latest\":true}}");
        new TestingPlatform(http).release("legacy", "qa");
        http.delete("/api/v1/applications/legacy");

        Result apply = cli.run("apply", "-f", dir());
        Result diffBeforePrune = cli.run("diff", "-f", dir());
        Result prune = cli.run("--output", "json", "apply", "-f", dir(), "--prune");

        assertThat(apply.out())
                .endsWith("Not in %s, kept (--prune deletes them): environment qa, application legacy\n"
                        .formatted(dir()));
        assertThat(diffBeforePrune.out()).startsWith("No differences in what %s declares.\n".formatted(dir()));
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        assertThat(prune.json().path("applied").asBoolean()).isTrue();
        assertThat(prune.json().path("summary").path("delete").asLong()).isEqualTo(2);
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/applications/legacy").status()).isEqualTo(404);
    }

    @Test
    void aRefusedApplyIsExitOneWithTheServersCodeAndChangesNothing() {
        new TestingPlatform(http)
                .environment("qa", "{\"upstream\":{\"latest\":true}}")
                .release("legacy", "qa");
        long lastEvent = lastEventId();

        Result prune = cli.run("apply", "-f", dir(), "--prune");

        assertThat(prune.exitCode()).isEqualTo(1);
        assertThat(prune.out()).isEmpty();
        assertThat(prune.err())
                .isEqualTo("error: APPLICATION_IN_USE: application legacy is not declared, so pruning would delete it,"
                        + " but it still runs in qa; undeploy it first; environment qa is not declared, so pruning"
                        + " would delete it, but it still runs legacy; remove them first\n");
        assertThat(lastEventId()).isEqualTo(lastEvent);
        assertThat(http.get("/api/v1/environments/dev").status()).isEqualTo(404);
    }

    @Test
    void aBrokenDirectoryIsRefusedBeforeAnythingIsSent() throws IOException {
        write("environments/staging.yaml", "name: staging\nupstream:\n  environment: devv\n");
        write("applications/search.yaml", "name: search\nteam: search team\n");

        Result apply = cli.run("apply", "-f", dir());
        Result json = cli.run("diff", "-f", dir(), "--output", "json");

        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.err()).isEqualTo("""
                        error: INVALID_PLATFORM_CONFIG: %1$s has 2 problems:
                          %1$s/applications/search.yaml:2:1: team: team name 'search team' is not valid: it must match [A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?
                          %1$s/environments/staging.yaml:3:3: upstream.environment: environment devv is not declared in this directory
                        """.formatted(dir()));
        assertThat(json.json()
                        .path("details")
                        .path("problems")
                        .get(0)
                        .path("line")
                        .asInt())
                .isEqualTo(2);
        assertThat(json.json()
                        .path("details")
                        .path("problems")
                        .get(0)
                        .path("field")
                        .asText())
                .isEqualTo("team");
        assertThat(lastEventId()).isZero();
    }

    @Test
    void aDirectoryThatIsNotAPlatformIsAUsageError() throws IOException {
        Files.delete(directory.resolve("platform.yaml"));

        Result notPlatform = cli.run("apply", "-f", dir());
        Result missing = cli.run("diff", "-f", directory.resolve("nope").toString());
        Result noDirectory = cli.run("apply");

        assertThat(notPlatform.exitCode()).isEqualTo(2);
        assertThat(notPlatform.err())
                .startsWith("error: %s is not a platform directory: it has no platform.yaml\n".formatted(dir()));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(noDirectory.exitCode()).isEqualTo(2);
        assertThat(noDirectory.err()).startsWith("Missing required option: '--filename=DIR'");
    }

    private long lastEventId() {
        return http.get("/api/v1/health").json().path("lastEventId").asLong();
    }

    private String dir() {
        return directory.toString();
    }

    private void write(String relative, String content) throws IOException {
        Path file = directory.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
