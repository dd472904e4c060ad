package io.trebuchet.bench;

import io.trebuchet.core.Json;
import io.trebuchet.store.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Writes a fleet's older history into a new store in bulk, with SQL of its own (through the API, 200 releases of 1,000
 * applications would take an hour): the schema (the server's migrations), every application, its older releases with
 * a small manifest per environment, their events with consecutive ids (the release, then its deploy to dev, as the
 * server records them) and the deployment history those deploys leave. No server may run on the store meanwhile; the
 * fleet's latest releases then come through the API.
 */
final class HistorySeeder {
    private static final int BATCH = 500;
    private static final int COMMIT_EVERY = 5000;

    private HistorySeeder() {}

    /** What was written. */
    record Seeded(long releases, long manifests, long events) {}

    /**
     * Creates the schema and writes versions 1 to {@code releasesPerApplication} of every application (none: only the
     * applications), each release with its {@code RELEASE_CREATED} event and its deploy to the first environment.
     */
    static Seeded seed(
            BenchStore store, List<String> applications, List<String> environments, int releasesPerApplication) {
        migrate(store);
        long releases = (long) applications.size() * releasesPerApplication;
        int eventsPerRelease = 2;
        Instant start = Instant.now().minus(Duration.ofDays(400));
        long step = Duration.ofDays(365).toMillis() / Math.max(1, releases);
        long manifests = 0;
        long written = 0;
        try (Connection connection = store.connectForBulk()) {
            connection.setAutoCommit(false);
            long eventId = lastEventId(connection);
            try (PreparedStatement application = connection.prepareStatement(
                            "insert into applications (name, team, created_at, updated_at, latest_version)"
                                    + " values (?, ?, ?, ?, ?)");
                    PreparedStatement release = connection.prepareStatement("""
                            insert into releases (application, version, display_version, source_commit_id,
                                source_author, source_message, team, created_at, created_by_name, created_by_email)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """);
                    PreparedStatement manifest = connection.prepareStatement("""
                            insert into release_manifests (application, version, environment, content, violations)
                            values (?, ?, ?, ?, '[]')
                            """);
                    PreparedStatement event = connection.prepareStatement("""
                            insert into events (id, created_at, actor_name, actor_email, kind, application,
                                environment, payload)
                            values (?, ?, ?, ?, ?, ?, ?, ?)
                            """);
                    PreparedStatement history = connection.prepareStatement("""
                            insert into deployment_history (application, environment, version, previous_version,
                                changed_at, actor_name, actor_email, reason)
                            values (?, ?, ?, ?, ?, ?, ?, ?)
                            """)) {
                Timestamp created = Timestamp.from(start);
                for (String name : applications) {
                    application.setString(1, name);
                    application.setString(2, Fleet.team(name));
                    application.setTimestamp(3, created);
                    application.setTimestamp(4, created);
                    application.setLong(5, releasesPerApplication);
                    application.addBatch();
                }
                application.executeBatch();
                long count = 0;
                for (int version = 1; version <= releasesPerApplication; version++) {
                    for (String name : applications) {
                        Timestamp time = Timestamp.from(start.plusMillis(step * count));
                        release.setString(1, name);
                        release.setLong(2, version);
                        release.setString(3, "0.%d.0".formatted(version));
                        release.setString(4, "%040x".formatted(count));
                        release.setString(5, "Bench CI <ci@example.com>");
                        release.setString(6, "Release %d of %s".formatted(version, name));
                        release.setString(7, Fleet.team(name));
                        release.setTimestamp(8, time);
                        release.setString(9, "Bench CI");
                        release.setString(10, "ci@example.com");
                        release.addBatch();
                        for (String environment : environments) {
                            manifest.setString(1, name);
                            manifest.setLong(2, version);
                            manifest.setString(3, environment);
                            manifest.setString(4, """
                                    apiVersion: v1
                                    kind: ConfigMap
                                    metadata: {name: %s, namespace: %s}
                                    data: {version: "%d"}
                                    """.formatted(name, environment, version));
                            manifest.addBatch();
                            manifests++;
                        }
                        Map<String, Object> payload = new LinkedHashMap<>();
                        payload.put("version", version);
                        payload.put("environments", environments);
                        addEvent(event, ++eventId, time, "RELEASE_CREATED", name, null, payload);
                        written++;
                        for (int deployed = 0; deployed < eventsPerRelease - 1; deployed++) {
                            String environment = environments.get(deployed);
                            Map<String, Object> deploy = new LinkedHashMap<>();
                            deploy.put("version", version);
                            if (version > 1) {
                                deploy.put("previousVersion", version - 1);
                            }
                            deploy.put("reason", "auto");
                            addEvent(event, ++eventId, time, "DEPLOYED", name, environment, deploy);
                            written++;
                            history.setString(1, name);
                            history.setString(2, environment);
                            history.setLong(3, version);
                            if (version > 1) {
                                history.setLong(4, version - 1);
                            } else {
                                history.setNull(4, java.sql.Types.BIGINT);
                            }
                            history.setTimestamp(5, time);
                            history.setString(6, "Bench CI");
                            history.setString(7, "ci@example.com");
                            history.setString(8, "auto");
                            history.addBatch();
                        }
                        count++;
                        if (count % BATCH == 0) {
                            executeBatches(release, manifest, event, history);
                        }
                        if (count % COMMIT_EVERY == 0) {
                            connection.commit();
                        }
                    }
                }
                executeBatches(release, manifest, event, history);
            }
            try (PreparedStatement sequence =
                    connection.prepareStatement("update event_sequence set last_id = ? where id = 1")) {
                sequence.setLong(1, eventId);
                sequence.executeUpdate();
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement analyze = connection.createStatement()) {
                // PostgreSQL's autovacuum would have analyzed a store that grew over a year; do it now, so that the
                // plans do not depend on when it runs.
                analyze.execute("analyze");
            }
            return new Seeded(releases, manifests, written);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the history into " + store.name() + ": " + e.getMessage(), e);
        }
    }

    /** The server's migrations, as it runs them when it starts (Flyway logs only warnings). */
    private static void migrate(BenchStore store) {
        DatabaseSettings database = store.database();
        Flyway.configure()
                .dataSource(
                        database.url(),
                        database.user().orElse(null),
                        database.password().orElse(null))
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    private static long lastEventId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("select last_id from event_sequence where id = 1")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void addEvent(
            PreparedStatement event,
            long id,
            Timestamp time,
            String kind,
            String application,
            String environment,
            Map<String, Object> payload)
            throws SQLException {
        event.setLong(1, id);
        event.setTimestamp(2, time);
        event.setString(3, "Bench CI");
        event.setString(4, "ci@example.com");
        event.setString(5, kind);
        event.setString(6, application);
        event.setString(7, environment);
        event.setString(8, Json.write(payload));
        event.addBatch();
    }

    private static void executeBatches(PreparedStatement... statements) throws SQLException {
        for (PreparedStatement statement : statements) {
            statement.executeBatch();
        }
    }
}
