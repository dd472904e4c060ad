package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.audit.EventLog;
import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.store.Database;
import io.trebuchet.testing.TestingClock;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The export cycle called directly, without the worker's thread or timing: batch, render, commit, push. */
class ExportCycleIT {
    private static final Actor JANE = new Actor("Jane Doe", "jane@example.com");

    private Path data;
    private Path remote;
    private Database database;
    private EventLog events;
    private EnvironmentService environments;
    private final AtomicReference<ExportProgress> progress = new AtomicReference<>(ExportProgress.STARTING);

    @BeforeEach
    void open() throws Exception {
        data = Files.createTempDirectory("trebuchet-cycle");
        remote = TestingGit.newBareRepository();
        TestingClock clock = new TestingClock();
        database = Database.open(TestingDatabases.newEmbedded(data));
        events = new EventLog(clock);
        environments = new EnvironmentService(database, events, clock);
    }

    @AfterEach
    void close() {
        database.close();
        TestingFiles.deleteRecursively(data);
    }

    @Test
    void aCycleCommitsThePendingEventsAsOneCommitAndPushesIt() {
        try (ExportCycle cycle = ExportCycle.open(
                database, events, ExportSettings.of(remote.toString(), data), new TestingClock(), progress)) {
            cycle.exportNow();
            String first = head();

            environments.put(EnvName.of("dev"), EnvironmentConfig.parse("{\"upstream\":{\"latest\":true}}"), JANE);
            environments.put(
                    EnvName.of("staging"), EnvironmentConfig.parse("{\"upstream\":{\"environment\":\"dev\"}}"), JANE);
            assertThat(cycle.eventsPending()).isEqualTo(2);
            cycle.exportNow();

            assertThat(cycle.eventsPending()).isZero();
            assertThat(cycle.pushPending()).isFalse();
            assertThat(TestingGit.git(remote, "rev-list", "--count", first + "..main")
                            .trim())
                    .isEqualTo("1");
            String message = TestingGit.git(remote, "log", "-1", "--format=%B%an", "main");
            assertThat(message)
                    .startsWith("Export 2 events (2 environment created)")
                    .contains("Trebuchet-Event: 2\n", "Trebuchet-Event-Digest: ")
                    .endsWith("Jane Doe\n");
            assertThat(TestingGit.git(remote, "ls-tree", "--name-only", "main", "environments/"))
                    .contains("environments/dev", "environments/staging");
            assertThat(progress.get().pushedEventId()).isEqualTo(2);

            cycle.exportNow();
            assertThat(TestingGit.git(remote, "rev-list", "--count", first + "..main")
                            .trim())
                    .as("nothing new, no commit")
                    .isEqualTo("1");
        }
    }

    private String head() {
        return TestingGit.git(remote, "rev-parse", "refs/heads/main").trim();
    }
}
