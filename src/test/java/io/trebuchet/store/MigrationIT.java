package io.trebuchet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingDatabases;
import io.trebuchet.testing.TestingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store made by an older Trebuchet, with releases and deployments in it, migrated by a newer one: what later
 * migrations derive from earlier data (an application's latest version, what the overview copies onto each
 * deployment) is filled in from the history already there; and the H2 store of a Trebuchet from before the embedded
 * store was PostgreSQL is taken over, with its ids and events, on the first start.
 */
@ExtendWith(TestingDatabases.class)
class MigrationIT {
    private final Path directory;

    MigrationIT() throws IOException {
        directory = Files.createTempDirectory("trebuchet-migration");
    }

    @AfterEach
    void deleteStore() {
        TestingFiles.deleteRecursively(directory);
    }

    @Test
    void dataFromBeforeTheLatestVersionAndTheOverviewColumnsIsFilledIn(TestingDatabases databases) throws Exception {
        DatabaseSettings settings = databases.newEmptyPostgres();
        seedVersion6(
                settings.url(),
                settings.user().orElse(null),
                settings.password().orElse(null));
        try (Database database = Database.open(settings)) {
            assertDerivedColumnsFilledIn(database);
        }
    }

    @Test
    void theH2StoreOfAnOlderTrebuchetIsImportedOnceWithItsIdsAndEvents() throws Exception {
        String h2 = "jdbc:h2:file:" + directory.resolve("trebuchet").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        seedVersion6(h2, "sa", "");
        try (Connection connection = DriverManager.getConnection(h2, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into events (id, created_at, actor_name, actor_email, kind, application, environment,
                        payload)
                    values (41, current_timestamp, 'CI', 'ci@example.com', 'RELEASE_CREATED', 'cart', null,
                        '{"version":7}')
                    """);
            statement.execute("update event_sequence set last_id = 41");
        }

        try (Database database = Database.open(TestingDatabases.embeddedIn(directory))) {
            assertDerivedColumnsFilledIn(database);
            long events = database.read(handle -> handle.createQuery("select max(id) from events")
                    .mapTo(Long.class)
                    .one());
            long next = database.read(handle -> handle.createQuery("select last_id from event_sequence")
                    .mapTo(Long.class)
                    .one());
            assertThat(events).isEqualTo(41);
            assertThat(next).isEqualTo(41);
        }
        assertThat(directory.resolve("trebuchet.mv.db")).doesNotExist();
        assertThat(directory.resolve("trebuchet.mv.db.imported")).exists();

        // The next start finds nothing to import and keeps what the first one wrote.
        try (Database database = Database.open(TestingDatabases.embeddedIn(directory))) {
            assertDerivedColumnsFilledIn(database);
        }
    }

    /** An empty store migrated to version 6 (before latest_version and the overview columns), with some history. */
    private static void seedVersion6(String url, String user, String password) throws SQLException {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .target("6")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into applications (name, team, created_at, updated_at)
                    values ('cart', 'shop', current_timestamp, current_timestamp),
                        ('idle', null, current_timestamp, current_timestamp)
                    """);
            statement.execute("""
                    insert into environments (name, environment_group, upstream_environment, upstream_latest, config,
                        created_at, updated_at)
                    values ('dev', 'dev', null, true, '{"upstream":{"latest":true}}', current_timestamp,
                        current_timestamp)
                    """);
            // CI may name versions in any order: 7 came before 3.
            statement.execute("""
                    insert into releases (application, version, display_version, created_at, created_by_name,
                        created_by_email)
                    values ('cart', 7, '1.7.0', current_timestamp, 'CI', 'ci@example.com'),
                        ('cart', 3, '1.3.0', current_timestamp, 'CI', 'ci@example.com')
                    """);
            statement.execute("""
                    insert into release_manifests (application, version, environment, content, violations)
                    values ('cart', 7, 'dev', 'kind: ConfigMap', '[]'),
                        ('cart', 3, 'dev', 'kind: ConfigMap', null)
                    """);
            statement.execute("""
                    insert into deployments (application, environment, version, deployed_at, actor_name, actor_email,
                        reason)
                    values ('cart', 'dev', 7, current_timestamp, 'CI', 'ci@example.com', 'auto')
                    """);
        }
    }

    private static void assertDerivedColumnsFilledIn(Database database) {
        {
            Map<String, Object> cart = database.read(
                    handle -> handle.createQuery("select latest_version from applications where name = 'cart'")
                            .mapToMap()
                            .one());
            Map<String, Object> idle = database.read(
                    handle -> handle.createQuery("select latest_version from applications where name = 'idle'")
                            .mapToMap()
                            .one());
            Map<String, Object> deployment = database.read(handle -> handle.createQuery(
                            "select display_version, violations from deployments where application = 'cart'")
                    .mapToMap()
                    .one());

            assertThat(((Number) cart.get("latest_version")).longValue()).isEqualTo(7);
            assertThat(idle.get("latest_version")).isNull();
            assertThat(deployment).containsEntry("display_version", "1.7.0").containsEntry("violations", "[]");
        }
    }
}
