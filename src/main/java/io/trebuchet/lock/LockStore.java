package io.trebuchet.lock;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of locks and their history. */
final class LockStore {
    private static final String COLUMNS = """
            environment, kind, scope, lock_id, group_name, message, ci_link, author_name, author_email, created_at,
            expires_at, suggested_lifetime_seconds, schedule
            """;

    List<Lock> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + " from locks order by environment, kind, scope, lock_id")
                .map((row, ctx) -> lock(row))
                .list();
    }

    List<Lock> listIn(Handle handle, EnvName environment) {
        return handle.createQuery("select " + COLUMNS
                        + " from locks where environment = :environment order by kind, scope, lock_id")
                .bind("environment", environment.value())
                .map((row, ctx) -> lock(row))
                .list();
    }

    Optional<Lock> find(Handle handle, LockTarget target, LockId id) {
        return handle.createQuery("select " + COLUMNS
                        + " from locks where environment = :environment and kind = :kind and scope = :scope"
                        + " and lock_id = :id")
                .bind("environment", target.environment().value())
                .bind("kind", target.kind().label())
                .bind("scope", scope(target))
                .bind("id", id.value())
                .map((row, ctx) -> lock(row))
                .findOne();
    }

    void insert(Handle handle, Lock lock) {
        bind(handle.createUpdate("""
                                insert into locks (environment, kind, scope, lock_id, group_name, message, ci_link,
                                    author_name, author_email, created_at, expires_at, suggested_lifetime_seconds,
                                    schedule)
                                values (:environment, :kind, :scope, :id, :group, :message, :ciLink, :authorName,
                                    :authorEmail, :createdAt, :expiresAt, :lifetime, :schedule)
                                """), lock).execute();
    }

    void update(Handle handle, Lock lock) {
        bind(handle.createUpdate("""
                                update locks set group_name = :group, message = :message, ci_link = :ciLink,
                                    author_name = :authorName, author_email = :authorEmail, created_at = :createdAt,
                                    expires_at = :expiresAt, suggested_lifetime_seconds = :lifetime,
                                    schedule = :schedule
                                where environment = :environment and kind = :kind and scope = :scope and lock_id = :id
                                """), lock).execute();
    }

    /** Deletes the lock; returns how many rows went (0 when a concurrent request deleted it first). */
    int delete(Handle handle, Lock lock) {
        return handle.createUpdate("""
                        delete from locks
                        where environment = :environment and kind = :kind and scope = :scope and lock_id = :id
                        """)
                .bind("environment", lock.environment().value())
                .bind("kind", lock.kind().label())
                .bind("scope", lock.scope())
                .bind("id", lock.id().value())
                .execute();
    }

    void recordHistory(Handle handle, Lock lock, String action, Instant time, Actor actor) {
        handle.createUpdate("""
                        insert into lock_history (environment, kind, scope, lock_id, action, message, changed_at,
                            actor_name, actor_email)
                        values (:environment, :kind, :scope, :id, :action, :message, :time, :actorName, :actorEmail)
                        """)
                .bind("environment", lock.environment().value())
                .bind("kind", lock.kind().label())
                .bind("scope", lock.scope())
                .bind("id", lock.id().value())
                .bind("action", action)
                .bind("message", lock.message())
                .bind("time", time)
                .bind("actorName", actor.name())
                .bind("actorEmail", actor.email())
                .execute();
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement, Lock lock) {
        return statement
                .bind("environment", lock.environment().value())
                .bind("kind", lock.kind().label())
                .bind("scope", lock.scope())
                .bind("id", lock.id().value())
                .bind("group", lock.group().map(GroupName::value).orElse(null))
                .bind("message", lock.message())
                .bind("ciLink", lock.ciLink().orElse(null))
                .bind("authorName", lock.author().name())
                .bind("authorEmail", lock.author().email())
                .bind("createdAt", lock.createdAt())
                .bind("expiresAt", lock.expiresAt().orElse(null))
                .bind(
                        "lifetime",
                        lock.suggestedLifetime().map(Duration::toSeconds).orElse(null))
                .bind("schedule", lock.schedule().map(Json::write).orElse(null));
    }

    private static String scope(LockTarget target) {
        return target.application()
                .map(AppName::value)
                .or(() -> target.team().map(TeamName::value))
                .orElse("");
    }

    private static Lock lock(ResultSet row) throws SQLException {
        LockKind kind = LockKind.fromLabel(row.getString("kind"));
        String scope = row.getString("scope");
        return new Lock(
                kind,
                new EnvName(row.getString("environment")),
                kind == LockKind.APPLICATION ? Optional.of(new AppName(scope)) : Optional.empty(),
                kind == LockKind.TEAM ? Optional.of(new TeamName(scope)) : Optional.empty(),
                new LockId(row.getString("lock_id")),
                row.getString("message"),
                new Actor(row.getString("author_name"), row.getString("author_email")),
                Rows.instant(row, "created_at"),
                Rows.optionalString(row, "ci_link"),
                Rows.optionalInstant(row, "expires_at"),
                Rows.optionalLong(row, "suggested_lifetime_seconds").map(Duration::ofSeconds),
                Rows.optionalString(row, "schedule")
                        .map(json -> Json.read(
                                json,
                                LockSchedule.class,
                                io.trebuchet.core.ErrorCode.INTERNAL_ERROR,
                                "stored lock schedule")),
                Rows.optionalString(row, "group_name").map(GroupName::new));
    }
}
