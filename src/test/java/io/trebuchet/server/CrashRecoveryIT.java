package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingServerProcess;
import io.trebuchet.testing.TestingWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 2xx means it is kept: a server in its own process is killed with SIGKILL at random moments while concurrent
 * clients release, deploy, lock, unlock and change environments. After each restart every acknowledged write is
 * there, event ids are unique and increasing, and the manifest repository only ever moved forward and catches up.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class CrashRecoveryIT {
    private static final int WRITERS = 4;
    /** Kills per store; a soak run raises it: {@code ./scripts/test -Dit.test=CrashRecoveryIT -Dtrebuchet.crashes=50}. */
    private static final int CRASHES = Integer.getInteger("trebuchet.crashes", 6);

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Parameter
    Backend backend;

    @Test
    void acknowledgedWritesSurviveKillNine(TestingDatabases databases) throws Exception {
        // A soak run may pick one store: -Dtrebuchet.crashBackends=EMBEDDED
        Assumptions.assumeTrue(
                System.getProperty("trebuchet.crashBackends", backend.name()).contains(backend.name()));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path data = Files.createTempDirectory("trebuchet-crash");
        StoreSettings database = databases.newDatabase(backend, data);
        List<Writer> writers = new ArrayList<>();
        for (int index = 0; index < WRITERS; index++) {
            writers.add(new Writer(index, new Random(random.nextLong())));
        }
        Optional<String> head = Optional.empty();
        TestingServerProcess server = TestingServerProcess.start(data, database, List.of());
        try {
            setUp(server.http(), writers);
            for (int crash = 1; crash <= CRASHES; crash++) {
                AtomicInteger acknowledged = new AtomicInteger();
                int killAfter = 5 + random.nextInt(60);
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                List<Future<?>> running = new ArrayList<>();
                TestingHttp http = server.http();
                writers.forEach(writer -> running.add(pool.submit(() -> writer.writeUntilDown(http, acknowledged))));
                TestingServerProcess dying = server;
                TestingWait.until(
                        "%d acknowledged writes before crash %d (seed %d)".formatted(killAfter, crash, seed),
                        Duration.ofSeconds(60),
                        () -> acknowledged.get() >= killAfter
                                || !running.stream().allMatch(f -> !f.isDone()));
                dying.kill();
                if (backend == Backend.EMBEDDED && crash % 2 == 0) {
                    // Every other time the whole pod dies: the embedded store's server with the process. Otherwise
                    // the server outlives it, and the next process takes it back.
                    killEmbeddedServer(data);
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
                for (Future<?> writer : running) {
                    writer.get();
                }

                server = TestingServerProcess.start(data, database, List.of());
                String context = "after crash %d of %d (seed %d)".formatted(crash, CRASHES, seed);
                for (Writer writer : writers) {
                    writer.verifyAndAdopt(server.http(), context);
                }
                verifyEvents(server.http(), writers, context);
                head = Optional.of(verifyExport(server, data, head, context));
            }
        } catch (AssertionError | RuntimeException e) {
            server.close();
            Path kept = Path.of("target", "crash-recovery", backend.name() + "-" + seed);
            TestingFiles.copyRecursively(data, kept);
            throw new AssertionError(
                    "%s (the store and the server's log are kept in %s)"
                            .formatted(e.getMessage(), kept.toAbsolutePath()),
                    e);
        } finally {
            server.close();
            TestingFiles.deleteRecursively(data);
        }
    }

    /** SIGKILL to the embedded store's postmaster and every process it started, as when their container dies. */
    private static void killEmbeddedServer(Path data) throws IOException {
        List<String> pidFile = Files.readAllLines(data.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8);
        ProcessHandle.of(Long.parseLong(pidFile.get(0).trim())).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(process -> process.onExit().join());
        });
    }

    private static void setUp(TestingHttp http, List<Writer> writers) {
        putEnvironment(http, "dev", "{\"upstream\":{\"latest\":true}}");
        putEnvironment(http, "staging", "{\"upstream\":{\"environment\":\"dev\"}}");
        for (Writer writer : writers) {
            putEnvironment(http, writer.environment, Writer.environmentConfig(0));
        }
    }

    private static void putEnvironment(TestingHttp http, String name, String config) {
        Response response = http.putJson("/api/v1/environments/" + name, config);
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }

    /** Event ids are unique and increasing, end at the health check's last id, and every release has its event. */
    private static void verifyEvents(TestingHttp http, List<Writer> writers, String context) {
        List<Long> ids = new ArrayList<>();
        Map<String, Integer> releaseEvents = new TreeMap<>();
        long after = 0;
        while (true) {
            JsonNode page = http.get("/api/v1/events?after=" + after + "&limit=1000")
                    .json()
                    .path("events");
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode event : page) {
                ids.add(event.path("id").asLong());
                if (event.path("kind").asText().equals("RELEASE_CREATED")) {
                    releaseEvents.merge(
                            event.path("application").asText() + "@"
                                    + event.path("payload").path("version").asLong(),
                            1,
                            Integer::sum);
                }
                after = event.path("id").asLong();
            }
        }
        assertThat(ids).as("event ids " + context).doesNotHaveDuplicates().isSorted();
        assertThat(ids.getLast())
                .as("last event id " + context)
                .isEqualTo(http.get("/api/v1/health").json().path("lastEventId").asLong());
        for (Writer writer : writers) {
            for (String release : writer.releases) {
                assertThat(releaseEvents.get(release))
                        .as("events of release %s %s", release, context)
                        .isEqualTo(1);
            }
        }
    }

    /**
     * Waits for the export to catch up with the store, then checks that the remote branch descends from where it was
     * before the crash and holds what runs where.
     */
    private String verifyExport(TestingServerProcess server, Path data, Optional<String> previous, String context) {
        TestingHttp http = server.http();
        long lastEventId = http.get("/api/v1/health").json().path("lastEventId").asLong();
        JsonNode status = TestingWait.until(
                "the export to catch up with event %d %s".formatted(lastEventId, context),
                CATCH_UP,
                () -> http.get("/api/v1/export/status").json(),
                current -> current.path("cursorEventId").asLong() >= lastEventId);
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("running");
        Path remote = data.resolve("manifests.git");
        String head = TestingGit.git(remote, "rev-parse", "refs/heads/main").trim();
        previous.ifPresent(before -> assertThat(TestingGit.git(remote, "rev-list", before, "^" + head))
                .as("commits of %s missing from the remote's %s: it did not move forward %s", before, head, context)
                .isEmpty());
        Map<String, Long> deployed = new LinkedHashMap<>();
        for (JsonNode deployment :
                http.get("/api/v1/applications/w0-a0/deployments").json().path("deployments")) {
            deployed.put(
                    deployment.path("environment").asText(),
                    deployment.path("version").asLong());
        }
        deployed.forEach((environment, version) -> assertThat(TestingGit.git(
                        remote,
                        "show",
                        "refs/heads/main:environments/" + environment + "/applications/w0-a0/manifests/manifests.yaml"))
                .as("w0-a0 in %s %s", environment, context)
                .contains("release: \"" + version + "\""));
        return head;
    }

    /**
     * One client, owning its applications ({@code w<n>-a0}, {@code w<n>-a1}), its environment {@code w<n>} and its
     * lock ids, so that what it expects to find does not depend on the other clients. A write whose answer was lost
     * in the crash may or may not have happened; the next verification adopts what it finds for those.
     */
    private static final class Writer {
        private final Random random;
        private final String name;
        private final String environment;
        private final List<String> applications;
        /** {@code application@version} of every acknowledged release. */
        private final Set<String> releases = new HashSet<>();

        private final Map<String, Long> nextVersion = new TreeMap<>();
        private final Map<String, List<Long>> releasedVersions = new TreeMap<>();
        /** Per application: the version staging runs, as acknowledged, then the deploys not acknowledged since. */
        private final Map<String, Optional<Long>> stagingAcknowledged = new TreeMap<>();

        private final Map<String, Set<Long>> stagingUnknown = new TreeMap<>();
        private final Set<String> locksPresent = new HashSet<>();
        private final Set<String> locksAbsent = new HashSet<>();
        private final Set<String> locksUnknown = new HashSet<>();
        private int lockCounter;
        private int groupAcknowledged;
        private final Set<Integer> groupUnknown = new HashSet<>();
        private int groupCounter;

        Writer(int index, Random random) {
            this.random = random;
            this.name = "w" + index;
            this.environment = name;
            this.applications = List.of(name + "-a0", name + "-a1");
            for (String application : applications) {
                nextVersion.put(application, 1L);
                releasedVersions.put(application, new ArrayList<>());
                stagingAcknowledged.put(application, Optional.empty());
                stagingUnknown.put(application, new HashSet<>());
            }
        }

        static String environmentConfig(int group) {
            return "{\"upstream\":{\"latest\":true},\"environmentGroup\":\"g-%d\"}".formatted(group);
        }

        /** Writes until the server stops answering. */
        void writeUntilDown(TestingHttp http, AtomicInteger acknowledged) {
            try {
                while (true) {
                    if (write(http)) {
                        acknowledged.incrementAndGet();
                    }
                }
            } catch (UncheckedIOException e) {
                // The server was killed; the write in flight is recorded as unknown.
            }
        }

        /** One random write; whether it was acknowledged. */
        private boolean write(TestingHttp http) {
            String application = applications.get(random.nextInt(applications.size()));
            int choice = random.nextInt(10);
            if (choice < 4 || releasedVersions.get(application).isEmpty()) {
                return release(http, application);
            } else if (choice < 6) {
                return deploy(http, application);
            } else if (choice < 8) {
                return lock(http);
            } else if (choice < 9) {
                return unlock(http);
            } else {
                return changeEnvironment(http);
            }
        }

        private boolean release(TestingHttp http, String application) {
            long version = nextVersion.merge(application, 1L, Long::sum) - 1;
            Multipart form = Multipart.form()
                    .field("application", application)
                    .field("version", Long.toString(version))
                    .file("manifests[dev]", "dev.yaml", manifest(application, version))
                    .file("manifests[staging]", "staging.yaml", manifest(application, version));
            Response response = http.postMultipart("/api/release", form);
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            releasedVersions.get(application).add(version);
            releases.add(application + "@" + version);
            return true;
        }

        private boolean deploy(TestingHttp http, String application) {
            List<Long> versions = releasedVersions.get(application);
            long version = versions.get(random.nextInt(versions.size()));
            stagingUnknown.get(application).add(version);
            Response response = http.postJson(
                    "/api/v1/environments/staging/applications/" + application + "/deploy",
                    "{\"version\":%d,\"lockBehavior\":\"ignore\"}".formatted(version));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            stagingAcknowledged.put(application, Optional.of(version));
            stagingUnknown.get(application).clear();
            return true;
        }

        private boolean lock(TestingHttp http) {
            String id = name + "-lock-" + lockCounter++;
            locksUnknown.add(id);
            Response response =
                    http.putJson("/api/v1/locks/environment/" + environment + "/" + id, "{\"message\":\"crash test\"}");
            assertThat(response.status()).as(response.toString()).isIn(200, 201);
            locksUnknown.remove(id);
            locksPresent.add(id);
            return true;
        }

        private boolean unlock(TestingHttp http) {
            if (locksPresent.isEmpty()) {
                return false;
            }
            String id = locksPresent.iterator().next();
            locksPresent.remove(id);
            locksUnknown.add(id);
            Response response = http.delete("/api/v1/locks/environment/" + environment + "/" + id);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            locksUnknown.remove(id);
            locksAbsent.add(id);
            return true;
        }

        private boolean changeEnvironment(TestingHttp http) {
            int group = ++groupCounter;
            groupUnknown.add(group);
            Response response = http.putJson("/api/v1/environments/" + environment, environmentConfig(group));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            groupAcknowledged = group;
            groupUnknown.clear();
            return true;
        }

        /**
         * Checks that every acknowledged write is there, then takes what it finds as the truth for the writes whose
         * answer was lost.
         */
        void verifyAndAdopt(TestingHttp http, String context) {
            for (String release : releases) {
                String[] parts = release.split("@", -1);
                assertThat(http.get("/api/v1/applications/" + parts[0] + "/releases/" + parts[1])
                                .status())
                        .as("acknowledged release %s %s", release, context)
                        .isEqualTo(200);
            }
            for (String application : applications) {
                Optional<Long> staging = Optional.empty();
                for (JsonNode deployment : http.get("/api/v1/applications/" + application + "/deployments")
                        .json()
                        .path("deployments")) {
                    if (deployment.path("environment").asText().equals("staging")) {
                        staging = Optional.of(deployment.path("version").asLong());
                    }
                }
                Set<Optional<Long>> allowed = new HashSet<>();
                allowed.add(stagingAcknowledged.get(application));
                stagingUnknown.get(application).forEach(version -> allowed.add(Optional.of(version)));
                assertThat(allowed)
                        .as("staging version of %s %s", application, context)
                        .contains(staging);
                stagingAcknowledged.put(application, staging);
                stagingUnknown.get(application).clear();
                // A release whose answer was lost may exist: its version must not be used again with other content.
                for (JsonNode release : http.get("/api/v1/applications/" + application + "/releases")
                        .json()
                        .path("releases")) {
                    long version = release.path("version").asLong();
                    if (!releasedVersions.get(application).contains(version)) {
                        releasedVersions.get(application).add(version);
                        releases.add(application + "@" + version);
                    }
                }
            }
            Set<String> locks = new HashSet<>();
            for (JsonNode lock : http.get("/api/v1/locks").json().path("locks")) {
                if (lock.path("environment").asText().equals(environment)) {
                    locks.add(lock.path("id").asText());
                }
            }
            assertThat(locks).as("locks of %s %s", environment, context).containsAll(locksPresent);
            assertThat(locks).as("removed locks of %s %s", environment, context).noneMatch(locksAbsent::contains);
            for (String id : locksUnknown) {
                (locks.contains(id) ? locksPresent : locksAbsent).add(id);
            }
            locksUnknown.clear();
            String group = http.get("/api/v1/environments/" + environment)
                    .json()
                    .path("environmentGroup")
                    .asText();
            Set<String> allowedGroups = new HashSet<>();
            allowedGroups.add("g-" + groupAcknowledged);
            groupUnknown.forEach(unknown -> allowedGroups.add("g-" + unknown));
            assertThat(allowedGroups).as("group of %s %s", environment, context).contains(group);
            groupAcknowledged = Integer.parseInt(group.substring(2));
            groupUnknown.clear();
        }

        private static String manifest(String application, long version) {
            return """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                    data:
                      release: "%d"
                    """.formatted(application, version);
        }
    }
}
