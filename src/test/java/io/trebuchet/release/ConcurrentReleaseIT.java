package io.trebuchet.release;

import static io.trebuchet.testing.TestingPlatform.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** CI jobs post releases of one application at the same moment. */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class ConcurrentReleaseIT {
    private static final int CLIENTS = 32;

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
    void parallelReleasesWithoutVersionsGetDistinctVersions() throws Exception {
        List<Response> responses = postAtOnce(client -> Multipart.form()
                .field("application", "cart")
                .file("manifests[dev]", "dev.yaml", manifest("cart", "dev") + "  client: \"" + client + "\"\n"));

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.status()).as(response.toString()).isEqualTo(201));
        assertThat(responses)
                .extracting(response -> response.json().path("version").asLong())
                .doesNotHaveDuplicates()
                .allSatisfy(version -> assertThat(version).isBetween(1L, (long) CLIENTS));
        assertThat(http.get("/api/v1/applications/cart")
                        .json()
                        .path("environments")
                        .path("dev")
                        .path("version")
                        .asLong())
                .isEqualTo(CLIENTS);
        assertThat(http.get("/api/v1/events?kind=RELEASE_CREATED")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(CLIENTS);
    }

    @Test
    void parallelPostsOfOneExplicitVersionCreateItOnce() throws Exception {
        List<Response> responses = postAtOnce(client -> Multipart.form()
                .field("application", "cart")
                .field("version", "77")
                .file("manifests[dev]", "dev.yaml", manifest("cart", "dev")));

        assertThat(responses).filteredOn(response -> response.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(response -> response.status() == 200).hasSize(CLIENTS - 1);
        assertThat(http.get("/api/v1/events?kind=RELEASE_CREATED")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(1);
        assertThat(http.get("/api/v1/events?kind=APPLICATION_CREATED")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void parallelReleasesOfManyNewApplicationsAllLand() throws Exception {
        List<Response> responses = postAtOnce(client -> Multipart.form()
                .field("application", "app-" + client)
                .file("manifests[dev]", "dev.yaml", manifest("app-" + client, "dev")));

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.status()).as(response.toString()).isEqualTo(201));
        assertThat(http.get("/api/v1/applications").json().path("applications").size())
                .isEqualTo(CLIENTS);
        // Event ids are gap-free: each release wrote application, release and deploy events.
        assertThat(http.get("/api/v1/health").json().path("lastEventId").asLong())
                .isEqualTo(4 + 3L * CLIENTS);
    }

    private List<Response> postAtOnce(IntFunction<Multipart> form) throws Exception {
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(CLIENTS)) {
            for (int client = 0; client < CLIENTS; client++) {
                Multipart body = form.apply(client);
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return http.postMultipart("/release", body);
                }));
            }
            ready.await();
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
