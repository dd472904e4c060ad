package io.trebuchet.deploy;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of holds. */
final class HoldStore {
    private static final String COLUMNS = "application, environment, version, held_at, actor_name, actor_email, reason";

    Optional<Hold> find(Handle handle, AppName application, EnvName environment) {
        return handle.createQuery("select " + COLUMNS
                        + " from deployment_holds where application = :application and environment = :environment")
                .bind("application", application.value())
                .bind("environment", environment.value())
                .map((row, ctx) -> hold(row))
                .findOne();
    }

    List<Hold> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + " from deployment_holds order by application, environment")
                .map((row, ctx) -> hold(row))
                .list();
    }

    void put(Handle handle, Hold hold) {
        delete(handle, hold.application(), hold.environment());
        handle.createUpdate("insert into deployment_holds (" + COLUMNS
                        + ") values (:application, :environment, :version, :heldAt, :actorName, :actorEmail, :reason)")
                .bind("application", hold.application().value())
                .bind("environment", hold.environment().value())
                .bind("version", hold.version().value())
                .bind("heldAt", hold.heldAt())
                .bind("actorName", hold.heldBy().name())
                .bind("actorEmail", hold.heldBy().email())
                .bind("reason", hold.reason())
                .execute();
    }

    boolean delete(Handle handle, AppName application, EnvName environment) {
        return handle.createUpdate(
                                "delete from deployment_holds where application = :application and environment = :environment")
                        .bind("application", application.value())
                        .bind("environment", environment.value())
                        .execute()
                > 0;
    }

    private static Hold hold(ResultSet row) throws SQLException {
        return new Hold(
                AppName.of(row.getString("application")),
                EnvName.of(row.getString("environment")),
                Version.of(row.getLong("version")),
                Rows.instant(row, "held_at"),
                new Actor(row.getString("actor_name"), row.getString("actor_email")),
                row.getString("reason"));
    }
}
