package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.cli.Main;
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
                .contains("Found 2 environments, 2 applications, 3 releases and 3 deployments.")
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
