package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.time.Duration;
import java.util.Map;

/** A small platform with teams, releases and deployments by different people over a few hours, for the pages. */
final class WebSamples {
    private WebSamples() {}

    /** Five applications of three teams on dev → staging → production (prod-de, prod-fr). */
    static void platform(TestingPlatform platform, TestingServer server) {
        release(platform, "cart", "payments", "1.0.0", "Add the cart", "dev", "staging", "prod-de");
        release(platform, "checkout", "payments", "2.3.0", "Pay with cards", "dev", "staging", "prod-de", "prod-fr");
        release(platform, "search", "discovery", "0.9.1", "Faster index", "dev", "staging", "prod-de", "prod-fr");
        release(platform, "recommendations", "discovery", "4.0.0", "New model", "dev", "staging");
        release(platform, "auth", "identity", "1.2.0", "Rotate keys", "dev", "staging", "prod-de", "prod-fr");
        server.clock().advance(Duration.ofMinutes(40));
        deploy(server, "staging", "checkout", 1, "Ops Person");
        deploy(server, "staging", "search", 1, "Ops Person");
        deploy(server, "staging", "auth", 1, "Ops Person");
        deploy(server, "prod-de", "checkout", 1, "Ops Person");
        deploy(server, "prod-fr", "checkout", 1, "Ops Person");
        deploy(server, "prod-de", "auth", 1, "Ops Person");
        server.clock().advance(Duration.ofMinutes(30));
        deploy(server, "prod-de", "cart", 1, "Ops Person");
        release(platform, "cart", "payments", "1.1.0", "Remember the cart for a week", "dev", "staging", "prod-de");
        release(platform, "search", "discovery", "0.9.2", "Typo tolerance", "dev", "staging", "prod-de", "prod-fr");
        release(platform, "auth", "identity", "1.3.0", "Hotfix: token expiry", "dev", "staging", "prod-de", "prod-fr");
        deploy(server, "prod-de", "auth", 2, "Ops Person");
        server.clock().advance(Duration.ofMinutes(20));
        deploy(server, "staging", "cart", 2, "Jane Doe");
        deploy(server, "staging", "search", 2, "Jane Doe");
        deploy(server, "prod-de", "search", 1, "Jane Doe");
        server.clock().advance(Duration.ofHours(3));
    }

    /**
     * On top of {@link #platform}: dev locked while QA tests (so the next cart release waits there as a queued
     * version), search locked in prod-de, a deploy freeze open in prod-fr, and (before the lock) a release whose
     * manifest breaks the pinned-image-tag policy, which dev only warns about.
     */
    static void promotionControl(TestingPlatform platform, TestingServer server) {
        Multipart form = Multipart.form()
                .field("application", "recommendations")
                .field("team", "discovery")
                .field("display_version", "4.1.0")
                .file("manifests[dev]", "dev.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: recommendations
                        spec:
                          template:
                            spec:
                              securityContext:
                                runAsNonRoot: true
                              containers:
                                - name: model
                                  image: registry.example.com/recommendations:latest
                                  ports:
                                    - containerPort: 8080
                                  resources:
                                    requests: {cpu: 100m, memory: 128Mi}
                                    limits: {cpu: "1", memory: 256Mi}
                                  securityContext:
                                    allowPrivilegeEscalation: false
                        """);
        TestingHttp.Response response = server.http().postMultipart("/api/release", form);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        lock(
                server,
                "/api/v1/locks/environment/dev/qa-1-2",
                "{\"message\":\"QA is testing 1.2\",\"expiresIn\":\"8h\"}",
                "Jane Doe");
        lock(
                server,
                "/api/v1/locks/application/prod-de/search/reindex",
                "{\"message\":\"Waiting for the index rebuild\",\"expiresIn\":\"4h\"}",
                "Ops Person");
        platform.environment(
                "prod-fr",
                "{\"upstream\":{\"environment\":\"staging\"},\"environmentGroup\":\"production\","
                        + "\"freezeWindows\":[{\"kind\":\"deny\",\"schedule\":\"0 12 * * *\",\"duration\":\"6h\","
                        + "\"timeZone\":\"UTC\"}]}");
        release(platform, "cart", "payments", "1.2.0", "Coupons", "dev", "staging", "prod-de");
        server.clock().advance(Duration.ofMinutes(25));
    }

    static void lock(TestingServer server, String path, String body, String who) {
        TestingHttp.Response response = server.http()
                .putJsonWithHeaders(
                        path,
                        body,
                        TestingHttp.author(
                                who, who.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    static long release(
            TestingPlatform platform,
            String application,
            String team,
            String displayVersion,
            String message,
            String... environments) {
        return platform.release(
                application,
                Map.of(
                        "team", team,
                        "display_version", displayVersion,
                        "source_commit_id", "0123456789abcdef0123456789abcdef01234567",
                        "source_author", "Dev Eloper",
                        "source_message", message),
                environments);
    }

    static void deploy(TestingServer server, String environment, String application, long version, String who) {
        TestingHttp.Response response = server.http()
                .postJsonWithHeaders(
                        "/api/v1/environments/%s/applications/%s/deploy".formatted(environment, application),
                        "{\"version\":%d}".formatted(version),
                        TestingHttp.author(
                                who, who.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
