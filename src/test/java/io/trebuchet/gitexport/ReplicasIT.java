package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.store.StoreSettings;
import io.trebuchet.testing.Backend;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingGit;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingHttp.Multipart;
import io.trebuchet.testing.TestingHttp.Response;
import io.trebuchet.testing.TestingPlatform;
import io.trebuchet.testing.TestingServerProcess;
import io.trebuchet.testing.TestingWait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three server processes on one PostgreSQL and one git remote, as three pods of the chart: every replica takes
 * writes, one exports. The leader is killed with SIGKILL while clients write to all three; another replica takes the
 * export over, every acknowledged release is stored and reaches the remote, and the branch's history stays linear.
 */
@ExtendWith(TestingDatabases.class)
class ReplicasIT {
    private static final List<String> REPLICAS = List.of("replica-a", "replica-b", "replica-c");
    private static final int WRITERS = 6;
    private static final int WRITES_BEFORE_KILL = 30;
    private static final int WRITES_AFTER_TAKEOVER = 30;
    /**
     * The bound. A standby tries the lock every 2 s and the dead leader's session ends with its socket, so a
     * takeover takes about 2 s; the rest is room for a loaded machine.
     */
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    @Test
    void anotherReplicaTakesTheExportOverWhenTheLeaderIsKilledAndNothingAcknowledgedIsLost(TestingDatabases databases)
            throws Exception {
        Path remote = TestingGit.newBareRepository();
        List<Path> data = REPLICAS.stream().map(TestingGit::temporaryDirectory).toList();
        StoreSettings database = databases.newDatabase(Backend.POSTGRESQL, data.getFirst());
        List<TestingServerProcess> servers = new ArrayList<>();
        try {
            servers.add(start(data.get(0), database, remote, REPLICAS.get(0)));
            // The first ran the migrations; the others start together.
            CompletableFuture<TestingServerProcess> second =
                    CompletableFuture.supplyAsync(() -> start(data.get(1), database, remote, REPLICAS.get(1)));
            CompletableFuture<TestingServerProcess> third =
                    CompletableFuture.supplyAsync(() -> start(data.get(2), database, remote, REPLICAS.get(2)));
            servers.add(second.get(3, TimeUnit.MINUTES));
            servers.add(third.get(3, TimeUnit.MINUTES));
            new TestingPlatform(servers.get(1).http()).environment("dev", "{\"upstream\":{\"latest\":true}}");

            String leader = awaitOneLeader(servers);
            int leaderIndex = REPLICAS.indexOf(leader);
            assertReplicasShow(servers, leader);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int index = writer;
                writers.add(pool.submit(() -> write(index, servers, writing, acknowledged, refused)));
            }
            TestingWait.until(
                    WRITES_BEFORE_KILL + " acknowledged releases before the kill",
                    Duration.ofMinutes(2),
                    () -> acknowledged.size() >= WRITES_BEFORE_KILL);

            long killed = System.nanoTime();
            servers.get(leaderIndex).kill();
            int acknowledgedAtKill = acknowledged.size();
            List<TestingServerProcess> survivors =
                    servers.stream().filter(TestingServerProcess::isAlive).toList();
            String newLeader = TestingWait.until(
                            "a surviving replica to report that it leads",
                            Duration.ofMinutes(1),
                            () -> leaderReportedBy(survivors),
                            Optional::isPresent)
                    .orElseThrow();
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(newLeader).isNotEqualTo(leader).isIn(REPLICAS);
            assertThat(takeover)
                    .as("takeover after kill -9 of %s by %s", leader, newLeader)
                    .isLessThanOrEqualTo(TAKEOVER);

            int acknowledgedAtTakeover = acknowledged.size();
            TestingWait.until(
                    WRITES_AFTER_TAKEOVER + " more acknowledged releases after the takeover",
                    Duration.ofMinutes(2),
                    () -> acknowledged.size() >= acknowledgedAtTakeover + WRITES_AFTER_TAKEOVER);
            writing.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            for (Future<?> writer : writers) {
                writer.get();
            }

            TestingServerProcess exporter = servers.get(REPLICAS.indexOf(newLeader));
            TestingHttp reader = survivors.stream()
                    .filter(server -> server != exporter)
                    .findFirst()
                    .orElseThrow()
                    .http();
            long exported = System.nanoTime();
            JsonNode status = TestingExport.awaitPushed(exporter.http());
            Duration catchUp = Duration.ofNanos(System.nanoTime() - exported);
            assertThat(status.path("leader").asText()).isEqualTo(newLeader);
            assertReplicasShow(survivors, newLeader);

            for (String application : acknowledged) {
                Response release = reader.get("/api/v1/applications/" + application + "/releases/1");
                assertThat(release.status()).as(release.toString()).isEqualTo(200);
            }
            Set<String> inGit = TestingGit.git(remote, "ls-tree", "-r", "--name-only", "main")
                    .lines()
                    .filter(path -> path.startsWith("environments/dev/applications/"))
                    .map(path -> path.split("/", -1)[3])
                    .collect(Collectors.toSet());
            assertThat(inGit).containsAll(acknowledged);

            assertThat(TestingGit.git(remote, "rev-list", "--merges", "main")).isBlank();
            assertThat(TestingGit.git(remote, "rev-list", "--parents", "main").lines())
                    .allSatisfy(line -> assertThat(line.split(" ", -1)).hasSizeLessThanOrEqualTo(2));
            GitRemotesIT.assertEventsIncreaseAlongHistory(remote);

            System.out.printf(
                    "ReplicasIT: killed leader %s; %s reported the lead after %d ms; exported everything %d ms later;"
                            + " %d releases acknowledged (%d before the kill, %d by the takeover), all stored and in"
                            + " git; %d writes not acknowledged%n",
                    leader,
                    newLeader,
                    takeover.toMillis(),
                    catchUp.toMillis(),
                    acknowledged.size(),
                    acknowledgedAtKill,
                    acknowledgedAtTakeover,
                    refused.get());
        } finally {
            servers.forEach(TestingServerProcess::close);
        }
    }

    private static TestingServerProcess start(Path data, StoreSettings database, Path remote, String replica) {
        return TestingServerProcess.start(
                data,
                database,
                List.of("--manifest-repo", remote.toString(), "--replica-id", replica, "--export-max-delay-ms", "50"));
    }

    /** Releases new applications round-robin on every replica until told to stop; counts what each answered. */
    private static void write(
            int writer,
            List<TestingServerProcess> servers,
            AtomicBoolean writing,
            Set<String> acknowledged,
            AtomicInteger refused) {
        for (int sequence = 0; writing.get(); sequence++) {
            String application = "app-%d-%d".formatted(writer, sequence);
            TestingHttp http = servers.get((writer + sequence) % servers.size()).http();
            Multipart form = Multipart.form()
                    .field("application", application)
                    .file("manifests[dev]", "dev.yaml", TestingPlatform.manifest(application, "dev"));
            try {
                Response response = http.postMultipart("/api/release", form);
                if (response.status() == 201 || response.status() == 200) {
                    acknowledged.add(application);
                } else {
                    refused.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // The killed replica: the connection is refused or reset, nothing was acknowledged.
                refused.incrementAndGet();
            }
        }
    }

    /** Waits until exactly one replica runs the export and every replica names it. */
    private static String awaitOneLeader(List<TestingServerProcess> servers) {
        return TestingWait.until(
                        "every replica to name the same leader",
                        Duration.ofMinutes(2),
                        () -> servers.stream()
                                .map(server -> TestingExport.status(server.http()))
                                .toList(),
                        statuses -> statuses.stream()
                                                .map(status ->
                                                        status.path("leader").asText(""))
                                                .distinct()
                                                .count()
                                        == 1
                                && !statuses.getFirst()
                                        .path("leader")
                                        .asText("")
                                        .isEmpty()
                                && statuses.stream()
                                                .filter(status -> !status.path("state")
                                                        .asText()
                                                        .equals("standby"))
                                                .count()
                                        == 1)
                .getFirst()
                .path("leader")
                .asText();
    }

    /** The leader a surviving replica reports about itself, once one does. */
    private static Optional<String> leaderReportedBy(List<TestingServerProcess> survivors) {
        for (TestingServerProcess server : survivors) {
            JsonNode status = TestingExport.status(server.http());
            if (status.path("leader").asText("").equals(status.path("replica").asText())) {
                return Optional.of(status.path("replica").asText());
            }
        }
        return Optional.empty();
    }

    /** Each replica's export status and overview page name itself and the leader. */
    private static void assertReplicasShow(List<TestingServerProcess> servers, String leader) {
        for (TestingServerProcess server : servers) {
            JsonNode status = TestingExport.status(server.http());
            String replica = status.path("replica").asText();
            assertThat(replica).isIn(REPLICAS);
            assertThat(status.path("leader").asText())
                    .as("leader named by %s", replica)
                    .isEqualTo(leader);
            assertThat(status.path("state").asText())
                    .as("state of %s", replica)
                    .isIn(replica.equals(leader) ? List.of("starting", "running") : List.of("standby"));
            String page = server.http().get("/").body();
            String element = page.substring(page.indexOf("id=\"export-leader\""));
            element = element.substring(0, element.indexOf("</p>"));
            if (replica.equals(leader)) {
                assertThat(element).contains("This replica (<span class=\"replica\">" + leader + "</span>) runs");
            } else {
                assertThat(element)
                        .contains("Replica <span class=\"replica\">" + leader + "</span> runs the git export")
                        .contains("this is <span class=\"replica\">" + replica + "</span>");
            }
        }
    }
}
