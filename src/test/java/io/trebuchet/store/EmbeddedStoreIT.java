package io.trebuchet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import io.trebuchet.testing.TestingServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded store as {@code trebuchet serve} runs it: a PostgreSQL server of its own in the data directory, made on
 * the first start, durable, reachable only with its password, owned by one process at a time, and taken back from a
 * server that a killed process left running.
 */
class EmbeddedStoreIT {
    private final Path data;

    EmbeddedStoreIT() throws Exception {
        data = Files.createTempDirectory("trebuchet-embedded");
    }

    @AfterEach
    void delete() {
        TestingFiles.deleteRecursively(data);
    }

    @Test
    void aFreshDataDirectoryGetsADurableServerThatOnlyItsPasswordOpens() throws Exception {
        try (Database database = Database.open(TestingDatabases.embeddedIn(data))) {
            Map<String, Object> settings =
                    database.read(handle -> handle.createQuery("select current_setting('fsync') as fsync,"
                                    + " current_setting('synchronous_commit') as synchronous_commit,"
                                    + " current_setting('full_page_writes') as full_page_writes,"
                                    + " current_setting('listen_addresses') as listen_addresses,"
                                    + " current_database() as database")
                            .mapToMap()
                            .one());
            assertThat(settings)
                    .containsEntry("fsync", "on")
                    .containsEntry("synchronous_commit", "on")
                    .containsEntry("full_page_writes", "on")
                    .containsEntry("listen_addresses", "127.0.0.1")
                    .containsEntry("database", "trebuchet");
            assertThat(database.backend()).isEqualTo(StoreSettings.Backend.EMBEDDED);

            Path password = data.resolve("postgres.password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                    .isEqualTo("rw-------");
            String port = Files.readAllLines(data.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8)
                    .get(3)
                    .trim();
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/trebuchet";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection connection = DriverManager.getConnection(
                    url, "postgres", Files.readString(password).strip())) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsWorking() {
        try (Database first = Database.open(TestingDatabases.embeddedIn(data))) {
            assertThatThrownBy(() -> Database.open(TestingDatabases.embeddedIn(data)))
                    .isInstanceOfSatisfying(
                            TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE))
                    .hasMessageContaining("another Trebuchet server uses the data directory " + data.toAbsolutePath());

            int one = first.read(handle ->
                    handle.createQuery("select 1").mapTo(Integer.class).one());
            assertThat(one).isEqualTo(1);
        }
        // Once the first has stopped, the data directory is free again.
        try (Database again = Database.open(TestingDatabases.embeddedIn(data))) {
            assertThat(again.backend()).isEqualTo(StoreSettings.Backend.EMBEDDED);
        }
    }

    @Test
    void theServerOfAKilledProcessIsStoppedAndItsAcknowledgedWritesAreKept() throws Exception {
        StoreSettings.Embedded store = TestingDatabases.newEmbedded(data);
        long orphan;
        try (TestingServerProcess server = TestingServerProcess.start(data, store, List.of())) {
            assertThat(server.http()
                            .putJson("/api/v1/environments/dev", "{\"upstream\":{\"latest\":true}}")
                            .status())
                    .isIn(200, 201);
            orphan = postmaster();
            server.kill();
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        try (Database database = Database.open(store)) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .as("the old server was stopped")
                    .isFalse();
            assertThat(postmaster()).isNotEqualTo(orphan);
            List<String> environments = database.read(handle -> handle.createQuery("select name from environments")
                    .mapTo(String.class)
                    .list());
            assertThat(environments).containsExactly("dev");
        }
    }

    private long postmaster() throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8)
                .get(0)
                .trim());
    }
}
