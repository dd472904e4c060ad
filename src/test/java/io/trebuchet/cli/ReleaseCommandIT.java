package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code trebuchet release} against a real server, with Kuberpult's client flags. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ReleaseCommandIT {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

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
        new TestingPlatform(http).threeStages();
        files = Files.createTempDirectory("trebuchet-release");
        Files.writeString(files.resolve("dev.yaml"), TestingPlatform.manifest("cart", "dev"));
        Files.writeString(files.resolve("staging.yaml"), TestingPlatform.manifest("cart", "staging"));
        Files.writeString(files.resolve("dev.sig"), "-----BEGIN PGP SIGNATURE-----\n...\n");
    }

    @AfterEach
    void stop() {
        server.close();
        TestingFiles.deleteRecursively(files);
    }

    @Test
    void kuberpultsFlagsCreateAReleaseThatIsDeployedWhereLatestIsFollowed() {
        Result result = cli.run(
                "release",
                "--application",
                "cart",
                "--team",
                "payments",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--signature",
                file("dev.sig"),
                "--environment",
                "staging",
                "--manifest",
                file("staging.yaml"),
                "--source_commit_id",
                COMMIT,
                "--source_author",
                "Jane Doe <jane@example.com>",
                "--source_message",
                "Add the cart",
                "--display_version",
                "v1.4.2",
                "--ci_link",
                "https://ci.example.com/runs/7");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Created release 1 of cart.\nDeployed to dev (its upstream is latest).\n");
        assertThat(result.err()).isEmpty();
        JsonNode release = http.get("/api/v1/applications/cart/releases/1").json();
        assertThat(release.path("team").asText()).isEqualTo("payments");
        assertThat(release.path("sourceCommitId").asText()).isEqualTo(COMMIT);
        assertThat(release.path("sourceAuthor").asText()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(release.path("sourceMessage").asText()).isEqualTo("Add the cart");
        assertThat(release.path("displayVersion").asText()).isEqualTo("v1.4.2");
        assertThat(release.path("ciLink").asText()).isEqualTo("https://ci.example.com/runs/7");
        assertThat(release.path("manifests").path("staging").asText())
                .isEqualTo(TestingPlatform.manifest("cart", "staging"));
    }

    @Test
    void parametersReleaseAnApplicationThroughItsTemplate() {
        http.putJson(
                "/api/v1/applications/tiles",
                "{\"template\": \"kind: ConfigMap\\nmetadata: {name: tiles}\\ndata: {tag: \\\"{{image.tag}}\\\"}\\n\","
                        + " \"environments\": [\"dev\"]}");

        Result result = cli.run(
                "release",
                "--application",
                "tiles",
                "--parameter",
                "image.tag=2.4.1",
                "-p",
                "unused=1",
                "--source_commit_id",
                COMMIT);
        Result missing = cli.run("release", "--application", "tiles", "--parameter", "other=1");
        Result both = cli.run(
                "release",
                "--application",
                "tiles",
                "--parameter",
                "image.tag=1",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"));
        Result malformed = cli.run("release", "--application", "tiles", "--parameter", "image.tag");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Created release 1 of tiles.\nDeployed to dev (its upstream is latest).\n");
        assertThat(http.get("/api/v1/applications/tiles/releases/1")
                        .json()
                        .path("manifests")
                        .path("dev")
                        .asText())
                .contains("tag: \"2.4.1\"");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("MISSING_PARAMETERS", "image.tag");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(malformed.exitCode()).isEqualTo(2);
    }

    @Test
    void theSameReleaseAgainIsUnchangedAndJsonGivesTheServersAnswer() {

        String[] args = {
            "release",
            "--application",
            "cart",
            "--version",
            "5",
            "--display-version",
            "v5",
            "--environment",
            "dev",
            "--manifest",
            file("dev.yaml")
        };
        assertThat(cli.run(args).exitCode()).isZero();

        Result again = cli.run(args);
        Result json = cli.run(append(args, "--output", "json"));

        assertThat(again.out()).isEqualTo("Unchanged release 5 of cart.\n");
        assertThat(json.exitCode()).isZero();
        assertThat(json.json().toString())
                .isEqualTo("{\"application\":\"cart\",\"autoDeployments\":[],\"status\":\"unchanged\",\"version\":5}");
        assertThat(http.get("/api/v1/applications/cart/releases/5")
                        .json()
                        .path("displayVersion")
                        .asText())
                .isEqualTo("v5");
    }

    @Test
    void aDifferentReleaseUnderTheSameVersionIsRefusedWithTheServersCode() {
        cli.run(
                "release",
                "--application",
                "cart",
                "--version",
                "1",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"));

        Result refused = cli.run(
                "release",
                "--application",
                "cart",
                "--version",
                "1",
                "--environment",
                "dev",
                "--manifest",
                file("staging.yaml"));
        Result json = cli.run(
                "--output",
                "json",
                "release",
                "--application",
                "cart",
                "--version",
                "1",
                "--environment",
                "dev",
                "--manifest",
                file("staging.yaml"));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err())
                .isEqualTo("error: RELEASE_CONFLICT: release 1 of cart exists already and differs in manifests[dev];"
                        + " releases are immutable, so use a new version\n"
                        + "Leave out --version to get the next free one, or release under a version not used yet.\n");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json().path("code").asText()).isEqualTo("RELEASE_CONFLICT");
        assertThat(json.json().path("details").path("firstDifferingField").asText())
                .isEqualTo("manifests[dev]");
    }

    @Test
    void aManifestForAnUnknownEnvironmentIsKeptWithAWarningAsKuberpultKeepsIt() {
        Result kept =
                cli.run("release", "--application", "cart", "--environment", "qa", "--manifest", file("dev.yaml"));

        assertThat(kept.exitCode()).as(kept.err()).isEqualTo(0);
        assertThat(kept.out())
                .contains("Created release 1 of cart.")
                .contains("Warning: environment qa does not exist: its manifest is kept with the release")
                .contains("deployed nowhere until the environment is created.");
    }

    @Test
    void aBrokenReleaseIsRefusedBeforeAnythingIsSent() throws IOException {
        Files.writeString(files.resolve("broken.yaml"), "kind: [\n");

        Result brokenManifest =
                cli.run("release", "--application", "cart", "--environment", "dev", "--manifest", file("broken.yaml"));
        Result badCommit = cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--source_commit_id",
                "main");
        Result badName =
                cli.run("release", "--application", "Cart", "--environment", "dev", "--manifest", file("dev.yaml"));

        assertThat(brokenManifest.exitCode()).isEqualTo(2);
        assertThat(brokenManifest.err())
                .startsWith("error: INVALID_MANIFEST: manifest for environment dev is not valid YAML at line 2");
        assertThat(badCommit.err())
                .isEqualTo("error: INVALID_REQUEST: source_commit_id must be 7 to 40 hexadecimal characters (a git"
                        + " commit id), got 'main'\n");
        assertThat(badName.err()).startsWith("error: INVALID_APPLICATION_NAME: application name 'Cart' is not valid");
        assertThat(http.get("/api/v1/applications").json().path("applications")).isEmpty();
    }

    @Test
    void unreadableFilesAndIncompleteFlagsAreUsageErrors() {
        Result missingFile =
                cli.run("release", "--application", "cart", "--environment", "dev", "--manifest", file("missing.yaml"));
        Result unpaired = cli.run("release", "--application", "cart", "--environment", "dev");
        Result noManifests = cli.run("release", "--application", "cart");
        Result signatureWithSkip = cli.run(
                "release",
                "--application",
                "cart",
                "--skip_signatures",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--signature",
                file("dev.sig"));

        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err())
                .startsWith("error: cannot read manifest file " + file("missing.yaml") + " (NoSuchFileException)\n"
                        + "Try 'trebuchet release --help' for more information.");
        assertThat(unpaired.exitCode()).isEqualTo(2);
        assertThat(unpaired.err()).contains("Missing required argument(s): --manifest=FILE");
        assertThat(noManifests.exitCode()).isEqualTo(2);
        assertThat(signatureWithSkip.exitCode()).isEqualTo(2);
        assertThat(signatureWithSkip.err()).startsWith("error: --signature is not allowed with --skip_signatures");
        assertThat(http.get("/api/v1/applications").json().path("applications")).isEmpty();
    }

    @Test
    void aDryRunSendsNothingAndDiffsEachManifestAgainstTheLatestRelease() throws IOException {
        Result first = cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--dry-run");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("Dry run: nothing was sent. cart has no release yet.\ndev: added\n");
        assertThat(http.get("/api/v1/applications").json().path("applications")).isEmpty();

        cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--environment",
                "staging",
                "--manifest",
                file("staging.yaml"));
        Files.writeString(
                files.resolve("dev.yaml"),
                TestingPlatform.manifest("cart", "dev")
                        .replace("  environment: dev", "  replicas: \"2\"\n  environment: dev"));
        Files.writeString(files.resolve("prod.yaml"), TestingPlatform.manifest("cart", "prod-de"));

        Result dryRun = cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--environment",
                "staging",
                "--manifest",
                file("staging.yaml"),
                "--environment",
                "prod-de",
                "--manifest",
                file("prod.yaml"),
                "--dry-run");
        Result json = cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--dry-run",
                "--output",
                "json");

        assertThat(dryRun.out()).isEqualTo("""
                        Dry run: nothing was sent. Compared with release 1 of cart.
                        dev: changed
                        --- cart 1/dev
                        +++ cart (new)/dev
                        @@ -3,4 +3,5 @@
                         metadata:
                           name: cart
                         data:
                        +  replicas: "2"
                           environment: dev
                        staging: unchanged
                        prod-de: added
                        --- cart 1/prod-de
                        +++ cart (new)/prod-de
                        @@ -0,0 +1,6 @@
                        +apiVersion: v1
                        +kind: ConfigMap
                        +metadata:
                        +  name: cart
                        +data:
                        +  environment: prod-de
                        """);
        Result dropped = cli.run(
                "release",
                "--application",
                "cart",
                "--environment",
                "dev",
                "--manifest",
                file("dev.yaml"),
                "--environment",
                "qa",
                "--manifest",
                file("prod.yaml"),
                "--dry-run");
        assertThat(dropped.out())
                .contains("staging: removed (the new release has no manifest for it)\n")
                .endsWith("qa: the server has no such environment; it would refuse the release\n");
        JsonNode body = json.json();
        assertThat(body.path("comparedWith").asLong()).isEqualTo(1);
        assertThat(body.path("environments").get(0).path("status").asText()).isEqualTo("changed");
        assertThat(body.path("environments").get(1).path("environment").asText())
                .isEqualTo("staging");
        assertThat(body.path("environments").get(1).path("status").asText()).isEqualTo("removed");
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("latestVersion")
                        .asLong())
                .isEqualTo(1);
    }

    private String file(String name) {
        return files.resolve(name).toString();
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
