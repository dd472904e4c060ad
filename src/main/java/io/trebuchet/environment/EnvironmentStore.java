package io.trebuchet.environment;

import io.trebuchet.core.Actor;
import io.trebuchet.core.EnvName;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of environments and their history. */
final class EnvironmentStore {
    private static final String COLUMNS = "name, config, created_at, updated_at";

    List<Environment> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + " from environments order by name")
                .map((row, ctx) -> environment(row))
                .list();
    }

    Optional<Environment> find(Handle handle, EnvName name) {
        return handle.createQuery("select " + COLUMNS + " from environments where name = :name")
                .bind("name", name.value())
                .map((row, ctx) -> environment(row))
                .findOne();
    }

    void insert(Handle handle, Environment environment) {
        handle.createUpdate("""
                        insert into environments
                            (name, environment_group, upstream_environment, upstream_latest, config, created_at, updated_at)
                        values (:name, :group, :upstreamEnvironment, :upstreamLatest, :config, :createdAt, :updatedAt)
                        """)
                .bind("name", environment.name().value())
                .bind("group", environment.group().value())
                .bind("upstreamEnvironment", upstreamEnvironment(environment.config()))
                .bind("upstreamLatest", upstreamLatest(environment.config()))
                .bind("config", environment.config().toJson())
                .bind("createdAt", environment.createdAt())
                .bind("updatedAt", environment.updatedAt())
                .execute();
    }

    void update(Handle handle, Environment environment) {
        handle.createUpdate("""
                        update environments set environment_group = :group, upstream_environment = :upstreamEnvironment,
                            upstream_latest = :upstreamLatest, config = :config, updated_at = :updatedAt
                        where name = :name
                        """)
                .bind("name", environment.name().value())
                .bind("group", environment.group().value())
                .bind("upstreamEnvironment", upstreamEnvironment(environment.config()))
                .bind("upstreamLatest", upstreamLatest(environment.config()))
                .bind("config", environment.config().toJson())
                .bind("updatedAt", environment.updatedAt())
                .execute();
    }

    void delete(Handle handle, EnvName name) {
        handle.createUpdate("delete from environments where name = :name")
                .bind("name", name.value())
                .execute();
    }

    void recordHistory(Handle handle, EnvName name, Optional<EnvironmentConfig> config, Instant time, Actor actor) {
        handle.createUpdate("""
                        insert into environment_history (environment, config, changed_at, actor_name, actor_email)
                        values (:environment, :config, :changedAt, :actorName, :actorEmail)
                        """)
                .bind("environment", name.value())
                .bind("config", config.map(EnvironmentConfig::toJson).orElse(null))
                .bind("changedAt", time)
                .bind("actorName", actor.name())
                .bind("actorEmail", actor.email())
                .execute();
    }

    private static String upstreamEnvironment(EnvironmentConfig config) {
        return config.upstream()
                .flatMap(Upstream::environment)
                .map(EnvName::value)
                .orElse(null);
    }

    private static boolean upstreamLatest(EnvironmentConfig config) {
        return config.upstream().map(Upstream::isLatest).orElse(false);
    }

    private static Environment environment(ResultSet row) throws SQLException {
        return new Environment(
                new EnvName(row.getString("name")),
                EnvironmentConfig.parse(row.getString("config")),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
