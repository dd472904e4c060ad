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

/** {@code trebuchet env list|get|apply|delete} against a real server. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class EnvCommandIT {
    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;
    private TestingCli cli;
    private Path files;

    @BeforeEach
    void start(TestingDatabases databases) throws IOException {
        server = TestingServer.start(backend, databases);
        http = server.http();
        cli = new TestingCli(server.baseUrl());
        files = Files.createTempDirectory("trebuchet-env");
    }

    @AfterEach
    void stop() {
        server.close();
        TestingFiles.deleteRecursively(files);
    }

    @Test
    void applyCreatesChangesOrLeavesAnEnvironmentAsItIs() {
        Result created = cli.run("env", "apply", "dev", "--latest");
        Result downstream = cli.run("env", "apply", "staging", "--upstream", "dev");
        Result grouped = cli.run("env", "apply", "prod-de", "--upstream", "staging", "--group", "production");
        Result unchanged = cli.run("env", "apply", "dev", "--latest");
        Result updated = cli.run("env", "apply", "staging", "--latest", "--output", "json");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("Created environment dev.\n");
        assertThat(downstream.out()).isEqualTo("Created environment staging.\n");
        assertThat(grouped.out()).isEqualTo("Created environment prod-de.\n");
        assertThat(unchanged.out()).isEqualTo("Environment dev is unchanged.\n");
        assertThat(updated.json().path("changed").asBoolean()).isTrue();
        assertThat(updated.json()
                        .path("environment")
                        .path("config")
                        .path("upstream")
                        .path("latest")
                        .asBoolean())
                .isTrue();
        assertThat(http.get("/api/v1/environments/prod-de")
                        .json()
                        .path("environmentGroup")
                        .asText())
                .isEqualTo("production");
    }

    @Test
    void applyTakesAPlatformFileOrJson() throws IOException {
        cli.run("env", "apply", "dev", "--latest");
        Path file = files.resolve("prod-de.yaml");
        Files.writeString(file, """
                name: prod-de
                upstream:
                  environment: dev
                environmentGroup: production
                argocd:
                  destination:
                    name: prod-de
                    namespace: shop
                """);

        Result fromFile = cli.run("env", "apply", "-f", file.toString());
        Result fromJson = cli.run("env", "apply", "qa", "--config", "{\"upstream\":{\"environment\":\"dev\"}}");

        assertThat(fromFile.out()).isEqualTo("Created environment prod-de.\n");
        assertThat(fromJson.out()).isEqualTo("Created environment qa.\n");
        assertThat(http.get("/api/v1/environments/prod-de")
                        .json()
                        .path("config")
                        .path("argocd")
                        .path("destination")
                        .path("namespace")
                        .asText())
                .isEqualTo("shop");
    }

    @Test
    void getPrintsTheEnvironmentAsAPlatformFileThatApplyTakesBack() throws IOException {
        http.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"dev\"},\"environmentGroup\":\"production\","
                        + "\"argocd\":{\"destination\":{\"name\":\"prod-de\",\"namespace\":\"shop\"},"
                        + "\"syncOptions\":[\"CreateNamespace=true\"]}}");

        Result yaml = cli.run("env", "get", "prod-de");
        Result json = cli.run("env", "get", "prod-de", "--output", "json");

        assertThat(yaml.out()).isEqualTo("""
                        name: prod-de
                        upstream:
                          environment: dev
                        environmentGroup: production
                        argocd:
                          destination:
                            name: prod-de
                            namespace: shop
                          syncOptions:
                          - CreateNamespace=true
                        """);
        assertThat(json.json().path("environmentGroup").asText()).isEqualTo("production");
        Path file = files.resolve("prod-de.yaml");
        Files.writeString(file, yaml.out());
        assertThat(cli.run("env", "apply", "-f", file.toString()).out())
                .isEqualTo("Environment prod-de is unchanged.\n");
    }

    @Test
    void listShowsEnvironmentsInUpstreamOrderWithTheirClusters() {
        new TestingPlatform(http).threeStages();
        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"argocd\":{\"destination\":{\"server\":\"https://de.example.com\",\"namespace\":\"shop\"}}}");

        Result list = cli.run("env", "list");
        Result json = cli.run("env", "list", "--output", "json");

        assertThat(list.out()).isEqualTo("""
                        NAME     GROUP       UPSTREAM  ARGO CD
                        dev      dev         latest    -
                        staging  staging     dev       -
                        prod-de  production  staging   https://de.example.com/shop
                        prod-fr  production  staging   -
                        """);
        assertThat(json.json().path("environments")).hasSize(4);
    }

    @Test
    void deleteRemovesAnUnusedEnvironmentAndTheServerRefusesTheRest() {
        new TestingPlatform(http).threeStages();

        Result deleted = cli.run("env", "delete", "prod-fr");
        Result inUse = cli.run("env", "delete", "dev");
        Result missing = cli.run("env", "delete", "prod-fr");

        assertThat(deleted.out()).isEqualTo("Deleted environment prod-fr.\n");
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err())
                .isEqualTo("error: ENVIRONMENT_IN_USE: environment dev is the upstream of staging; change their"
                        + " upstream first\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo("error: ENVIRONMENT_NOT_FOUND: environment prod-fr does not exist\n"
                        + "'trebuchet env list' lists the environments; 'trebuchet apply -f DIR' or 'trebuchet env apply NAME"
                        + " --upstream ENV' creates one.\n");
    }

    @Test
    void refusalsAndUsageErrors() throws IOException {
        Path broken = files.resolve("broken.yaml");
        Files.writeString(broken, "name: qa\nupstream:\n  latest: true\n  environment: dev\n");

        Result brokenFile = cli.run("env", "apply", "-f", broken.toString());
        Result badJson = cli.run("env", "apply", "qa", "--config", "{\"upstream\":");
        Result noName = cli.run("env", "apply", "--latest");
        Result twoSources = cli.run("env", "apply", "qa", "--latest", "--upstream", "dev");
        Result groupWithFile = cli.run("env", "apply", "-f", broken.toString(), "--group", "x");
        Result missingFile =
                cli.run("env", "apply", "-f", files.resolve("nope.yaml").toString());
        Result noSubcommand = cli.run("env");

        assertThat(brokenFile.exitCode()).isEqualTo(2);
        assertThat(brokenFile.err())
                .isEqualTo("error: INVALID_PLATFORM_CONFIG: " + broken + " has 1 problem:\n  " + broken
                        + ":2:1: upstream: must have exactly one of 'latest' and 'environment', not both\n");
        assertThat(badJson.exitCode()).isEqualTo(2);
        assertThat(badJson.err()).startsWith("error: INVALID_ENVIRONMENT_CONFIG: environment config is invalid");
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).startsWith("error: give the environment's NAME (or a file with -f)");
        assertThat(twoSources.exitCode()).isEqualTo(2);
        assertThat(groupWithFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing required subcommand");
        assertThat(http.get("/api/v1/environments").json().path("environments")).isEmpty();
    }

    @Test
    void anUpstreamThatDoesNotExistYetIsAcceptedWithAWarningAsKuberpultAcceptsIt() {
        Result unknownUpstream = cli.run("env", "apply", "staging", "--upstream", "dev");

        assertThat(unknownUpstream.exitCode()).as(unknownUpstream.err()).isEqualTo(0);
        assertThat(unknownUpstream.out())
                .startsWith("Created environment staging.\n")
                .contains("Warning: upstream environment dev does not exist (yet)");
    }
}
