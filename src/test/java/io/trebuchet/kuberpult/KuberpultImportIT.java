package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.cli.Main;
import io.trebuchet.gitexport.ExportSettings;
import io.trebuchet.gitexport.TestingExport;
import io.trebuchet.store.DatabaseSettings;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code trebuchet import-kuberpult} on a repository in Kuberpult's legacy and current layouts, into either store. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class KuberpultImportIT {
    private static final String CART_1_DEV =
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart\ndata:\n  v: \"1\"\n";
    private static final String CART_1_STAGING = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart-staging\n";
    private static final String CART_2_DEV =
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart\ndata:\n  v: \"2\"\n";
    private static final String SEARCH_DEV = "apiVersion: v1\nkind: Service\nmetadata:\n  name: search\n";

    @Parameter
    Backend backend;

    private Path dataDirectory;
    private StoreSettings database;

    @BeforeEach
    void store(TestingDatabases databases) {
        try {
            dataDirectory = Files.createTempDirectory("trebuchet-import-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = databases.newDatabase(backend, dataDirectory);
    }

    @AfterEach
    void removeStore() {
        TestingFiles.deleteRecursively(dataDirectory);
    }

    @Test
    void importsEnvironmentsReleasesTeamsAndWhatRunsWhere() {
        Path repository = kuberpultRepository();

        Run imported = importKuberpult(repository.toString());

        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output())
                .contains(
                        "Found 2 environments, 2 applications, 3 releases, 3 deployments, 0 locks and 0 queued versions.")
                .contains("3 releases created (0 already there), 3 of 3 deployments changed");
        try (TestingServer server = TestingServer.startOn(dataDirectory, database)) {
            TestingHttp http = server.http();
            JsonNode cart = http.get("/api/v1/applications/cart").json();
            assertThat(cart.path("team").asText()).isEqualTo("payments");
            assertThat(cart.path("environments").path("dev").path("version").asLong())
                    .isEqualTo(2);
            assertThat(cart.path("environments").path("staging").path("version").asLong())
                    .isEqualTo(1);
            JsonNode first = http.get("/api/v1/applications/cart/releases/1").json();
            assertThat(first.path("sourceCommitId").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
            assertThat(first.path("displayVersion").asText()).isEqualTo("v1.0.0");
            assertThat(first.path("manifests").path("staging").asText()).isEqualTo(CART_1_STAGING);
            JsonNode history = http.get("/api/v1/applications/cart/history?environment=dev")
                    .json();
            assertThat(history.path("history").get(0).path("actor").path("name").asText())
                    .isEqualTo("Jane Doe");
            JsonNode search = http.get("/api/v1/applications/search").json();
            assertThat(search.path("team").asText()).isEqualTo("discovery");
            assertThat(search.path("environments").path("dev").path("version").asLong())
                    .isEqualTo(1);
            assertThat(http.get("/api/v1/applications/search/releases/1")
                            .json()
                            .path("manifests")
                            .path("dev")
                            .asText())
                    .isEqualTo(SEARCH_DEV);
            assertThat(http.get("/api/v1/environments/staging")
                            .json()
                            .path("config")
                            .path("argocd")
                            .path("destination")
                            .path("namespace")
                            .asText())
                    .isEqualTo("shop");

            // The server exports what was imported.
            TestingExport.awaitPushed(http);
            Path exported =
                    TestingGit.clone("file://" + dataDirectory.toAbsolutePath().resolve("manifests.git"), "main");
            assertThat(TestingGit.files(exported))
                    .containsEntry("environments/dev/applications/cart/manifests/manifests.yaml", CART_2_DEV)
                    .containsEntry("environments/staging/applications/cart/manifests/manifests.yaml", CART_1_STAGING);
        }

        Run again = importKuberpult(repository.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("0 releases created (3 already there), 0 of 3 deployments changed");
    }

    @Test
    void aDryRunShowsThePlanAndChangesNothing() {
        Run planned = importKuberpult(kuberpultRepository().toString(), "--dry-run");

        assertThat(planned.exitCode()).as(planned.output()).isZero();
        assertThat(planned.output())
                .contains("release cart 2 for dev")
                .contains("deploy cart 1 to staging")
                .contains("Dry run: nothing changed.");
        try (TestingServer server = TestingServer.startOn(dataDirectory, database)) {
            assertThat(server.http()
                            .get("/api/v1/applications")
                            .json()
                            .path("applications")
                            .size())
                    .isZero();
        }
    }

    @Test
    void aMissingRepositoryIsRefusedWithAMessage() {
        Run refused = importKuberpult(dataDirectory.resolve("nowhere").toString());

        assertThat(refused.exitCode()).isEqualTo(Main.EXIT_REFUSED);
        assertThat(refused.output()).contains("error: cannot clone");
    }

    @Test
    void importsEverythingFromTheLegacyLayoutWithKuberpultsTimesAndAuthors() {
        Path repository = legacyRepository();

        Run imported = importKuberpult(repository.toString());

        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output())
                .contains("Found 3 environments, 2 applications, 3 releases, 3 deployments, 4 locks and 1 queued"
                        + " versions.")
                .contains("environments/development/applications/cart/mystery.txt: not imported, Trebuchet does not"
                        + " know this file")
                .contains("search in staging: left out, neither its manifest nor its release is in the repository")
                .contains("3 releases created (0 already there), 3 of 3 deployments changed, 4 of 4 locks changed,"
                        + " 1 of 1 queued versions changed");
        try (TestingServer server = TestingServer.startOn(dataDirectory, database)) {
            TestingHttp http = server.http();
            assertThat(names(http.get("/api/v1/environments").json().path("environments")))
                    .as("in upstream order")
                    .containsExactly("development", "staging", "fakeprod-de");
            JsonNode staging = http.get("/api/v1/environments/staging").json();
            assertThat(staging.path("config")
                            .path("upstream")
                            .path("environment")
                            .asText())
                    .isEqualTo("development");
            assertThat(staging.path("config").path("environmentGroup").asText()).isEqualTo("staging");
            JsonNode cart = http.get("/api/v1/applications/cart").json();
            assertThat(cart.path("team").asText()).isEqualTo("payments");
            assertThat(cart.path("environments")
                            .path("development")
                            .path("version")
                            .asLong())
                    .isEqualTo(3);
            assertThat(cart.path("environments").path("staging").path("version").asLong())
                    .isEqualTo(2);
            assertThat(cart.path("environments")
                            .path("fakeprod-de")
                            .path("version")
                            .asLong())
                    .isEqualTo(1);

            JsonNode second = http.get("/api/v1/applications/cart/releases/2").json();
            assertThat(second.path("sourceCommitId").asText()).isEqualTo("2222222222222222222222222222222222222222");
            assertThat(second.path("sourceAuthor").asText()).isEqualTo("Jane Doe <jane@example.com>");
            assertThat(second.path("sourceMessage").asText()).isEqualTo("Cart two");
            assertThat(second.path("displayVersion").asText()).isEqualTo("v2");
            assertThat(Instant.parse(second.path("createdAt").asText()))
                    .isEqualTo(Instant.parse("2024-04-02T08:00:00Z"));
            assertThat(second.path("manifests").path("fakeprod-de").asText()).isEqualTo(cartManifest(2, "fakeprod-de"));

            JsonNode deployments =
                    http.get("/api/v1/applications/cart/deployments").json().path("deployments");
            assertThat(deployments)
                    .extracting(deployment -> deployment.path("environment").asText() + " "
                            + deployment.path("version").asLong() + " "
                            + deployment.path("deployedBy").path("email").asText() + " "
                            + Instant.parse(deployment.path("deployedAt").asText()))
                    .containsExactlyInAnyOrder(
                            "development 3 jane@example.com 2024-05-03T10:00:00.123456Z",
                            "staging 2 bob@example.com 2024-05-02T09:30:00Z",
                            "fakeprod-de 1 bob@example.com 2024-05-01T07:00:00Z");

            JsonNode locks = http.get("/api/v1/locks").json().path("locks");
            assertThat(locks)
                    .extracting(lock -> lock.path("kind").asText() + " "
                            + lock.path("environment").asText() + " "
                            + lock.path("id").asText() + " "
                            + lock.path("message").asText() + " "
                            + lock.path("author").path("name").asText() + " "
                            + Instant.parse(lock.path("createdAt").asText()))
                    .containsExactlyInAnyOrder(
                            "environment fakeprod-de freeze Release freeze Ann Lock 2024-03-01T09:00:00Z",
                            "environment staging old-style Locked before the metadata Someone Older"
                                    + " 2023-01-15T12:00:00Z",
                            "application staging cart-broken Cart is broken Jane Doe 2024-05-04T11:00:00Z",
                            "team development away Payments team away Bob Builder 2024-05-05T12:00:00Z");

            JsonNode overview = http.get("/api/v1/overview").json();
            assertThat(overview.toString())
                    .as("the queued version of cart in fakeprod-de")
                    .contains("\"fakeprod-de\"")
                    .containsPattern("\"queued\":\\{\"fakeprod-de\":\\{[^}]*\"version\":2");

            // The first export onto the Kuberpult repository lists what it removes of Kuberpult's layout.
            TestingExport.awaitPushed(http);
        }

        Run again = importKuberpult(repository.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output())
                .contains("0 environments created or changed, 0 releases created (3 already there), 0 of 3 deployments"
                        + " changed, 0 of 4 locks changed, 0 of 1 queued versions changed");
    }

    @Test
    void importsTheCurrentLayoutWithVersionsAndAuthorsFromItsCommits() {
        Path repository = currentRepository();

        Run planned = importKuberpult(repository.toString(), "--dry-run");
        assertThat(planned.exitCode()).as(planned.output()).isZero();
        assertThat(planned.output())
                .contains("environments/development/brackets/payments/cart.yaml: not imported, an Argo CD bracket file")
                .contains("deploy cart 5 to development, by Jane Doe at 2024-06-03T10:00:00Z")
                .contains("deploy cart 4 to staging, by Bob Builder at 2024-06-02T10:00:00Z")
                .contains("Dry run: nothing changed.");

        Run imported = importKuberpult(repository.toString());

        assertThat(imported.exitCode()).as(imported.output()).isZero();
        try (TestingServer server = TestingServer.startOn(dataDirectory, database)) {
            TestingHttp http = server.http();
            JsonNode cart = http.get("/api/v1/applications/cart").json();
            assertThat(cart.path("team").asText()).isEqualTo("payments");
            assertThat(cart.path("environments")
                            .path("development")
                            .path("version")
                            .asLong())
                    .isEqualTo(5);
            assertThat(cart.path("environments").path("staging").path("version").asLong())
                    .isEqualTo(4);
            assertThat(http.get("/api/v1/applications/cart/releases/4")
                            .json()
                            .path("manifests")
                            .path("staging")
                            .asText())
                    .isEqualTo(cartManifest(4, "staging"));
            JsonNode deployments =
                    http.get("/api/v1/applications/cart/deployments").json().path("deployments");
            assertThat(deployments)
                    .extracting(deployment -> deployment.path("environment").asText() + " "
                            + deployment.path("deployedBy").path("name").asText() + " "
                            + Instant.parse(deployment.path("deployedAt").asText()))
                    .containsExactlyInAnyOrder(
                            "development Jane Doe 2024-06-03T10:00:00Z", "staging Bob Builder 2024-06-02T10:00:00Z");
            // The search application's commit names no version: it gets one of its own in each environment.
            JsonNode search = http.get("/api/v1/applications/search").json();
            assertThat(search.path("environments")
                            .path("development")
                            .path("version")
                            .asLong())
                    .isNotEqualTo(search.path("environments")
                            .path("staging")
                            .path("version")
                            .asLong());
        }
        Run again = importKuberpult(repository.toString());
        assertThat(again.output()).contains("0 of 4 deployments changed");
    }

    @Test
    void theFirstExportOntoAKuberpultRepositoryListsWhatItRemoves() {
        Path repository = legacyRepository();
        Path remote = TestingGit.newBareRepository();
        TestingGit.git(repository, "push", "--quiet", remote.toString(), "master:main");
        Run imported = importKuberpult(repository.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();

        try (TestingServer server = TestingServer.startOn(
                dataDirectory,
                database,
                data -> ExportSettings.of("file://" + remote, data)
                        .withBranch("main")
                        .withBatching(ExportSettings.DEFAULT_BATCH_SIZE, Duration.ZERO))) {
            TestingExport.awaitPushed(server.http());
        }

        Path exported = TestingGit.clone("file://" + remote, "main");
        String message = TestingGit.git(exported, "log", "-1", "--format=%B");
        assertThat(message)
                .contains("Render the whole tree")
                .contains("of the layout the branch had before its first export")
                .contains("- environments/fakeprod-de/locks/\n")
                .contains("- environments/development/teams/\n")
                .contains("- environments/staging/applications/cart/locks/\n")
                .contains("- environments/fakeprod-de/applications/cart/queued_version\n")
                .contains("- environments/development/applications/cart/version\n");
        assertThat(TestingGit.files(exported))
                .containsKey("applications/cart/releases/1/source_commit_id")
                .containsKey("environments/development/applications/cart/manifests/manifests.yaml")
                .doesNotContainKey("environments/fakeprod-de/locks/freeze/message");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node ->
                names.add(node.isTextual() ? node.asText() : node.path("name").asText()));
        return names;
    }

    private static String cartManifest(int version, String environment) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart-%s\ndata:\n  version: \"%d\"\n"
                .formatted(environment, version);
    }

    /** Kuberpult's three test environments (copied from its test data, see kuberpult-testdata/README.md). */
    private static void kuberpultEnvironments(Path work, String... environments) {
        for (String environment : environments) {
            String path = "environments/" + environment + "/config.json";
            try (var config = KuberpultImportIT.class.getResourceAsStream("/kuberpult-testdata/" + path)) {
                write(work, path, new String(config.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void commit(Path work, String author, String date, String message) {
        TestingGit.git(work, "add", "-A");
        TestingGit.git(work, "commit", "--quiet", "--author=" + author, "--date=" + date, "-m", message);
    }

    private static void link(Path work, String path, String target) {
        try {
            Files.createDirectories(work.resolve(path).getParent());
            Files.createSymbolicLink(work.resolve(path), Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The legacy layout as Kuberpult's cd-service wrote it: releases with their files, version and queued_version
     * links, deployed_by/deployed_at_utc, locks of each kind as directories, and one lock from before Kuberpult's
     * metadata migration (a file holding the message; its author and time are those of its commit).
     */
    private static Path legacyRepository() {
        Path work = TestingGit.temporaryDirectory("kuberpult-legacy").resolve("manifests");
        kuberpultEnvironments(work, "development", "staging", "fakeprod-de");
        TestingGit.git(work.getParent(), "init", "--quiet", "--initial-branch=master", work.toString());
        commit(work, "Kuberpult <kuberpult@example.com>", "2023-01-01T00:00:00Z", "Create environments");
        write(work, "environments/staging/locks/old-style", "Locked before the metadata");
        commit(work, "Someone Older <older@example.com>", "2023-01-15T12:00:00Z", "Create environment lock");
        write(work, "applications/cart/team", "payments");
        for (int version = 1; version <= 3; version++) {
            String release = "applications/cart/releases/" + version + "/";
            for (String environment : List.of("development", "staging", "fakeprod-de")) {
                write(
                        work,
                        release + "environments/" + environment + "/manifests.yaml",
                        cartManifest(version, environment));
            }
            write(work, release + "source_commit_id", String.valueOf(version).repeat(40));
            write(work, release + "source_author", "Jane Doe <jane@example.com>");
            write(
                    work,
                    release + "source_message",
                    List.of("Cart one", "Cart two", "Cart three").get(version - 1));
            write(work, release + "display_version", "v" + version);
            write(work, release + "created_at", "2024-04-0%dT10:00:00+02:00".formatted(version));
        }
        deployLegacy(work, "fakeprod-de", 1, "Bob Builder", "bob@example.com", "2024-05-01 07:00:00 +0000 UTC");
        deployLegacy(work, "staging", 2, "Bob Builder", "bob@example.com", "2024-05-02 09:30:00 +0000 UTC");
        deployLegacy(work, "development", 3, "Jane Doe", "jane@example.com", "2024-05-03 10:00:00.123456 +0000 UTC");
        link(
                work,
                "environments/fakeprod-de/applications/cart/queued_version",
                "../../../../applications/cart/releases/2");
        lock(work, "environments/fakeprod-de/locks/freeze", "Release freeze", "Ann Lock", "2024-03-01T10:00:00+01:00");
        lock(
                work,
                "environments/staging/applications/cart/locks/cart-broken",
                "Cart is broken",
                "Jane Doe",
                "2024-05-04T11:00:00Z");
        lock(
                work,
                "environments/development/teams/payments/locks/away",
                "Payments team away",
                "Bob Builder",
                "2024-05-05T12:00:00Z");
        write(work, "environments/development/applications/cart/mystery.txt", "?");
        link(work, "environments/staging/applications/search/version", "../../../../applications/search/releases/9");
        commit(work, "Kuberpult <kuberpult@example.com>", "2024-05-06T00:00:00Z", "Kuberpult state");
        return work;
    }

    private static void deployLegacy(
            Path work, String environment, int version, String name, String email, String deployedAt) {
        String directory = "environments/" + environment + "/applications/cart/";
        write(work, directory + "manifests/manifests.yaml", cartManifest(version, environment));
        link(work, directory + "version", "../../../../applications/cart/releases/" + version);
        write(work, directory + "deployed_by", name);
        write(work, directory + "deployed_by_email", email);
        write(work, directory + "deployed_at_utc", deployedAt);
    }

    private static void lock(Path work, String directory, String message, String name, String createdAt) {
        write(work, directory + "/message", message);
        write(work, directory + "/created_by_name", name);
        write(
                work,
                directory + "/created_by_email",
                name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com");
        write(work, directory + "/created_at", createdAt);
    }

    /**
     * The current layout as Kuberpult's manifest-repo-export-service writes it: only what runs (manifests, Argo CD
     * applications with the team, brackets), one commit per deployment by the person who deployed.
     */
    private static Path currentRepository() {
        Path work = TestingGit.temporaryDirectory("kuberpult-current").resolve("manifests");
        kuberpultEnvironments(work, "development", "staging");
        TestingGit.git(work.getParent(), "init", "--quiet", "--initial-branch=master", work.toString());
        commit(work, "Kuberpult <kuberpult@example.com>", "2024-01-01T00:00:00Z", "Create environments");
        write(work, "environments/development/applications/search/manifests/manifests.yaml", SEARCH_DEV);
        commit(work, "Ann Lock <ann.lock@example.com>", "2024-06-01T10:00:00Z", "Update search by hand");
        write(work, "environments/staging/applications/search/manifests/manifests.yaml", SEARCH_DEV + "# staging\n");
        write(work, "environments/staging/applications/cart/manifests/manifests.yaml", cartManifest(4, "staging"));
        commit(
                work,
                "Bob Builder <bob.builder@example.com>",
                "2024-06-02T10:00:00Z",
                "deployed version 4.0 of \"cart\" to \"staging\"");
        write(
                work,
                "environments/development/applications/cart/manifests/manifests.yaml",
                cartManifest(5, "development"));
        write(work, "environments/development/brackets/payments/cart.yaml", "kind: Application\n");
        write(work, "argocd/v1alpha1/development.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: development-cart
                  annotations:
                    com.freiheit.kuberpult/application: cart
                    com.freiheit.kuberpult/teams: payments
                """);
        commit(
                work,
                "Jane Doe <jane@example.com>",
                "2024-06-03T10:00:00Z",
                "deployed version 5.0 of \"cart\" to \"development\"");
        return work;
    }

    /** A Kuberpult repository: cart in the legacy layout (releases, version links), search in the current one. */
    private static Path kuberpultRepository() {
        Path work = TestingGit.temporaryDirectory("kuberpult").resolve("manifests");
        write(work, "environments/dev/config.json", "{\"upstream\": {\"latest\": true}}\n");
        write(
                work,
                "environments/staging/config.json",
                "{\"upstream\": {\"environment\": \"dev\"}, \"argocd\": {\"destination\": {\"server\":"
                        + " \"https://kubernetes.default.svc\", \"namespace\": \"shop\"}}}\n");
        write(work, "applications/cart/team", "payments");
        write(work, "applications/cart/releases/1/environments/dev/manifests.yaml", CART_1_DEV);
        write(work, "applications/cart/releases/1/environments/staging/manifests.yaml", CART_1_STAGING);
        write(work, "applications/cart/releases/1/source_commit_id", "0123456789abcdef0123456789abcdef01234567");
        write(work, "applications/cart/releases/1/source_author", "Jane Doe <jane@example.com>");
        write(work, "applications/cart/releases/1/source_message", "First cart");
        write(work, "applications/cart/releases/1/display_version", "v1.0.0");
        write(work, "applications/cart/releases/2/environments/dev/manifests.yaml", CART_2_DEV);
        write(work, "environments/dev/applications/cart/manifests/manifests.yaml", CART_2_DEV);
        write(work, "environments/dev/applications/cart/deployed_by", "Jane Doe");
        write(work, "environments/dev/applications/cart/deployed_by_email", "jane@example.com");
        write(work, "environments/staging/applications/cart/manifests/manifests.yaml", CART_1_STAGING);
        write(work, "environments/dev/applications/search/manifests/manifests.yaml", SEARCH_DEV);
        write(work, "argocd/v1alpha1/dev.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata:
                  name: dev
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: dev-search
                  annotations:
                    com.freiheit.kuberpult/application: search
                    com.freiheit.kuberpult/team: discovery
                """);
        try {
            Files.createSymbolicLink(
                    work.resolve("environments/dev/applications/cart/version"),
                    Path.of("../../../../applications/cart/releases/2"));
            Files.createSymbolicLink(
                    work.resolve("environments/staging/applications/cart/version"),
                    Path.of("../../../../applications/cart/releases/1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestingGit.git(work, "init", "--quiet", "--initial-branch=master");
        TestingGit.git(work, "add", "-A");
        TestingGit.git(work, "commit", "--quiet", "-m", "Kuberpult state");
        return work;
    }

    private static void write(Path root, String path, String content) {
        try {
            Files.createDirectories(root.resolve(path).getParent());
            Files.writeString(root.resolve(path), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Run(int exitCode, String output) {}

    private Run importKuberpult(String repository, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("import-kuberpult", repository, "--data-dir", dataDirectory.toString()));
        switch (database) {
            case DatabaseSettings postgres ->
                args.addAll(List.of(
                        "--database-url",
                        postgres.url(),
                        "--database-user",
                        postgres.user().orElseThrow(),
                        "--database-password",
                        postgres.password().orElseThrow()));
            case StoreSettings.Embedded embedded ->
                args.addAll(List.of(
                        "--postgres-runtime-dir", embedded.runtimeDirectory().toString()));
        }
        args.addAll(List.of(extra));
        StringWriter output = new StringWriter();
        try (PrintWriter writer = new PrintWriter(output, true)) {
            int exitCode = Main.run(args.toArray(String[]::new), writer, writer);
            return new Run(exitCode, output.toString());
        }
    }
}
