package io.trebuchet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPgp;
import io.trebuchet.testing.TestingServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kuberpult's signed requests against a configured keyring: a release's {@code signatures[<env>]}, a lock's signature
 * of {@code <env><lockId>}, an environment deletion's of its name. A missing or bad signature is a 400 with a stable
 * code and stores nothing; signatures are required only where configured.
 */
@ExtendWith(TestingDatabases.class)
class SignedRequestsIT {
    private static final String MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cart\n";

    private static final TestingPgp ci = TestingPgp.generate("ci <ci@example.com>");
    private static final TestingPgp stranger = TestingPgp.generate("stranger <x@example.com>");
    private static TestingServer server;
    private static TestingHttp http;

    @BeforeAll
    static void start(TestingDatabases databases, @TempDir Path directory) {
        Signatures signatures = new Signatures(
                Optional.of(PgpKeyring.load(ci.writeKeyring(directory))), Set.of("prod-de", "qa", "canary"));
        AuthSettings settings = new AuthSettings(
                AuthSettings.Mode.NONE,
                RbacPolicy.EMPTY,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                AuthSettings.DEFAULT_MAX_FAILURES,
                AuthSettings.DEFAULT_FAILURE_WINDOW,
                AuthSettings.DEFAULT_SESSION_LIFETIME,
                signatures,
                false);
        server = TestingServer.startWithAuth(Backend.EMBEDDED, databases, settings);
        http = server.http();
        http.putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}");
        http.putJson(
                "/api/v1/environments/prod-de",
                "{\"upstream\":{\"environment\":\"dev\"},\"environmentGroup\":\"production\"}");
        http.putJson("/api/v1/environments/qa", "{\"upstream\":{\"latest\":true}}");
        http.putJson(
                "/api/v1/environments/canary-de",
                "{\"upstream\":{\"environment\":\"dev\"},\"environmentGroup\":\"canary\"}");
    }

    @Test
    void aReleaseToAnEnvironmentOfAGroupThatRequiresSignaturesMustBeSigned() {
        Multipart form = Multipart.form()
                .field("application", "basket")
                .field("version", "1")
                .file("manifests[canary-de]", "canary-de.yaml", MANIFEST);
        Response unsigned = http.postMultipart("/release", form);
        assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(400);
        assertThat(unsigned.code()).isEqualTo("SIGNATURE_REQUIRED");

        Response signed = http.postMultipart(
                "/release",
                Multipart.form()
                        .field("application", "basket")
                        .field("version", "1")
                        .file("manifests[canary-de]", "canary-de.yaml", MANIFEST)
                        .file("signatures[canary-de]", "canary-de.sig", ci.sign(MANIFEST)));
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response release(String version, Optional<String> prodSignature) {
        Multipart form = Multipart.form()
                .field("application", "cart")
                .field("version", version)
                .file("manifests[dev]", "dev.yaml", MANIFEST)
                .file("manifests[prod-de]", "prod-de.yaml", MANIFEST);
        prodSignature.ifPresent(signature -> form.file("signatures[prod-de]", "prod-de.sig", signature));
        return http.postMultipart("/release", form);
    }

    @Test
    void aReleaseSignedWithAKeyOfTheKeyringIsCreatedWhereSignaturesAreRequired() {
        Response created = release("1", Optional.of(ci.sign(MANIFEST)));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aReleaseWithoutBadOrForeignSignaturesIsRefusedAndNothingIsStored() {
        Response missing = release("7", Optional.empty());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("SIGNATURE_REQUIRED");
        assertThat(missing.json().path("details").path("field").asText()).isEqualTo("signatures[prod-de]");

        Response otherContent = release("7", Optional.of(ci.sign(MANIFEST + "# changed\n")));
        assertThat(otherContent.code()).isEqualTo("SIGNATURE_INVALID");
        assertThat(otherContent.json().path("message").asText()).contains("does not match");

        Response foreign = release("7", Optional.of(stranger.sign(MANIFEST)));
        assertThat(foreign.code()).isEqualTo("SIGNATURE_INVALID");
        assertThat(foreign.json().path("message").asText()).contains("not made by a key of the configured keyring");

        Response garbage = release("7", Optional.of("not a signature"));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.code()).isEqualTo("SIGNATURE_INVALID");

        assertThat(http.get("/api/v1/applications/cart/releases/7").status()).isEqualTo(404);
    }

    @Test
    void environmentLocksAreSignedOverTheEnvironmentAndLockIdToPutAndToDelete() {
        Response unsigned = http.putJson("/environments/prod-de/locks/night", "{\"message\":\"night\"}");
        assertThat(unsigned.code()).isEqualTo("SIGNATURE_REQUIRED");

        Response wrong = http.putJson(
                "/environments/prod-de/locks/night",
                "{\"message\":\"night\",\"signature\":" + quoted(ci.sign("prod-deother")) + "}");
        assertThat(wrong.code()).isEqualTo("SIGNATURE_INVALID");

        Response locked = http.putJson(
                "/environments/prod-de/locks/night",
                "{\"message\":\"night\",\"signature\":" + quoted(ci.sign("prod-denight")) + "}");
        assertThat(locked.status()).as(locked.body()).isEqualTo(200);

        Response unsignedDelete = http.delete("/environments/prod-de/locks/night");
        assertThat(unsignedDelete.code()).isEqualTo("SIGNATURE_REQUIRED");
        assertThat(http.get("/api/v1/locks?environment=prod-de").body()).contains("night");

        Response deleted =
                http.deleteWithBody("/environments/prod-de/locks/night", "application/json", ci.sign("prod-denight"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    }

    @Test
    void whereSignaturesAreNotRequiredAGivenOneIsStillChecked() {
        assertThat(http.putJson("/environments/dev/locks/any", "{\"message\":\"any\"}")
                        .status())
                .isEqualTo(200);
        Response bad = http.putJson(
                "/environment-groups/production/locks/g1",
                "{\"message\":\"g\",\"signature\":" + quoted(stranger.sign("productiong1")) + "}");
        assertThat(bad.code()).isEqualTo("SIGNATURE_INVALID");
        Response good = http.putJson(
                "/environment-groups/production/locks/g1",
                "{\"message\":\"g\",\"signature\":" + quoted(ci.sign("productiong1")) + "}");
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }

    @Test
    void deletingAnEnvironmentThatRequiresSignaturesNeedsASignatureOfItsName() {
        Response unsigned = http.delete("/api/v1/environments/qa");
        assertThat(unsigned.code()).isEqualTo("SIGNATURE_REQUIRED");
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(200);

        Response deleted = http.deleteWithBody("/api/v1/environments/qa", "application/json", ci.sign("qa"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(http.get("/api/v1/environments/qa").status()).isEqualTo(404);
    }

    private static String quoted(String text) {
        return io.trebuchet.core.Json.write(text);
    }
}
