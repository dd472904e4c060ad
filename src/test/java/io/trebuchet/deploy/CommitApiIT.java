package io.trebuchet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class CommitApiIT {
    private static final String FIRST = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String SECOND = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @Parameter
    Backend backend;

    private TestingServer server;
    private TestingHttp http;

    @BeforeEach
    void start(TestingDatabases databases) {
        server = TestingServer.start(backend, databases);
        http = server.http();
        new TestingPlatform(http).threeStages();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCommitIsDeployedWhereItsReleaseOrANewerOneRunsAndPendingWhereAnOlderOneDoes() {
        release("cart", FIRST);
        release("cart", SECOND);
        http.postJson("/api/v1/environments/staging/applications/cart/deploy", "{\"version\":1}");

        JsonNode first = http.get("/api/v1/commits/" + FIRST).json();
        JsonNode second = http.get("/api/v1/commits/" + SECOND).json();

        assertThat(first.path("applications").toString())
                .isEqualTo("[{\"application\":\"cart\",\"version\":1,\"sourceCommitId\":\"" + FIRST
                        + "\",\"environments\":["
                        + "{\"environment\":\"dev\",\"status\":\"deployed\",\"deployedVersion\":2},"
                        + "{\"environment\":\"staging\",\"status\":\"deployed\",\"deployedVersion\":1},"
                        + "{\"environment\":\"prod-de\",\"status\":\"unknown\"}]}]");
        assertThat(statuses(second)).isEqualTo("dev=deployed staging=pending prod-de=unknown");
    }

    @Test
    void everyApplicationReleasedFromTheCommitIsListedAndAbbreviatedIdsMatch() {
        release("cart", FIRST);
        release("search", FIRST);

        JsonNode report = http.get("/api/v1/commits/1111111").json();

        assertThat(report.path("commit").asText()).isEqualTo("1111111");
        assertThat(report.path("applications").get(0).path("application").asText())
                .isEqualTo("cart");
        assertThat(report.path("applications").get(1).path("application").asText())
                .isEqualTo("search");
        assertThat(http.get("/api/v1/commits/1111111AAAA").status()).isEqualTo(200);
    }

    @Test
    void aReleaseWithAnAbbreviatedCommitIsFoundByTheFullId() {
        release("cart", "2222222b");

        assertThat(statuses(http.get("/api/v1/commits/" + SECOND).json()))
                .isEqualTo("dev=deployed staging=unknown prod-de=unknown");
    }

    @Test
    void unknownInvalidAndAmbiguousCommitsAreRefused() {
        release("cart", "abcdef1000");
        release("cart", "abcdef1999");

        Response unknown = http.get("/api/v1/commits/" + FIRST);
        Response invalid = http.get("/api/v1/commits/main");
        Response ambiguous = http.get("/api/v1/commits/abcdef1");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("COMMIT_NOT_FOUND");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("message").asText())
                .isEqualTo("commit must be 7 to 40 hexadecimal characters (a git commit id), got 'main'");
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.json().path("message").asText())
                .isEqualTo("commit abcdef1 is ambiguous: it matches abcdef1000, abcdef1999; give more characters");
        assertThat(http.get("/api/v1/commits/abcdef1999").status()).isEqualTo(200);
    }

    private void release(String application, String commit) {
        Multipart form = Multipart.form().field("application", application).field("source_commit_id", commit);
        for (String environment : new String[] {"dev", "staging", "prod-de"}) {
            form.file(
                    "manifests[" + environment + "]",
                    environment + ".yaml",
                    TestingPlatform.manifest(application, environment));
        }
        Response response = http.postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static String statuses(JsonNode report) {
        StringBuilder text = new StringBuilder();
        report.path("applications")
                .get(0)
                .path("environments")
                .forEach(environment -> text.append(text.isEmpty() ? "" : " ")
                        .append(environment.path("environment").asText())
                        .append('=')
                        .append(environment.path("status").asText()));
        return text.toString();
    }
}
