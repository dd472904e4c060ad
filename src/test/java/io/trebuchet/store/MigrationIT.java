package io.trebuchet.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.Backend;
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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store made by an older Trebuchet, with releases and deployments in it, migrated by a newer one: what later
 * migrations derive from earlier data (an application's latest version, what the overview copies onto each
 * deployment) is filled in from the history already there.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(TestingDatabases.class)
class MigrationIT {
    @Parameter
    Backend backend;

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
        DatabaseSettings settings = databases.newDatabase(backend, directory);
        Flyway.configure()
                .dataSource(
                        settings.url(),
                        settings.user().orElse(null),
                        settings.password().orElse(null))
                .locations("classpath:db/migration")
                .target("6")
                .load()
                .migrate();
        try (Connection connection = connect(settings);
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

        try (Database database = Database.open(settings)) {
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

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(
                settings.url(),
                settings.user().orElse(null),
                settings.password().orElse(null));
    }
}
