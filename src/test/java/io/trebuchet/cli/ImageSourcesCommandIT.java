package io.trebuchet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Json;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingCli;
import io.trebuchet.testing.TestingCli.Result;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import io.trebuchet.testing.TestingSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** image-sources list and scan against a real server; the source's registry is down, so the scan fails visibly. */
@ExtendWith(TestingDatabases.class)
class ImageSourcesCommandIT {
    @Test
    void listsSourcesAndScansOneShowingItsError(TestingDatabases databases) {
        try (TestingServer server = TestingServer.start(Backend.POSTGRESQL, databases)) {
            TestingHttp http = server.http();
            new TestingPlatform(http).threeStages();
            Response declared = http.putJson(
                    "/api/v1/applications/geo",
                    Json.write(Map.of("template", "kind: ConfigMap\nmetadata:\n  name: geo-{{image.tag}}\n")));
            assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
            String image = "http://127.0.0.1:" + TestingSocket.freePort() + "/team/geo";
            Response source = http.putJson(
                    "/api/v1/applications/geo/image-sources/image",
                    Json.write(Map.of("image", image, "policy", Map.of("semver", Map.of("range", "^1")))));
            assertThat(source.status()).as(source.toString()).isEqualTo(200);
            TestingCli cli = new TestingCli(server.baseUrl());

            Result scan = cli.run("image-sources", "scan", "geo");
            Result list = cli.run("image-sources", "list");
            Result json = cli.run("image-sources", "list", "--output", "json");
            Result missing = cli.run("image-sources", "scan", "geo", "other");

            assertThat(scan.exitCode()).as(scan.toString()).isEqualTo(1);
            assertThat(scan.out()).startsWith("Scan of geo/image failed: cannot reach registry 127.0.0.1:");
            List<String> lines = list.out().lines().toList();
            assertThat(lines.get(0)).startsWith("APPLICATION").contains("SOURCE", "IMAGE", "RELEASED", "LAST SCAN");
            assertThat(lines.get(1)).startsWith("geo").contains(image, "failed: cannot reach registry");
            assertThat(json.json()
                            .path("imageSources")
                            .get(0)
                            .path("policy")
                            .path("semver")
                            .path("range")
                            .asText())
                    .isEqualTo("^1");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).contains("application geo has no image source other");
        }
    }
}
