package io.trebuchet.application;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.store.RetryTransactionException;
import io.trebuchet.store.Rows;
import io.trebuchet.template.Template;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * SQL of the application registry: names, teams, stacks, templates and values, and the row lock every change to one
 * application's releases and deployments takes. Other features read and lock through it; only this package writes
 * declarations.
 */
public final class ApplicationStore {
    Optional<Application> find(Handle handle, AppName name) {
        return handle.createQuery("""
                        select name, team, stack, created_at, updated_at from applications
                        where name = :name and archived_at is null
                        """)
                .bind("name", name.value())
                .map((row, ctx) -> application(row))
                .findOne();
    }

    List<Application> list(Handle handle) {
        return handle.createQuery("""
                        select name, team, stack, created_at, updated_at from applications
                        where archived_at is null order by name
                        """).map((row, ctx) -> application(row)).list();
    }

    /**
     * Locks the application's row until the transaction ends, creating the application first if it is new: every
     * change to one application's releases and deployments goes through this lock, which keeps version allocation
     * and "same version again" answers exact under concurrency. Returns whether the application was created (or
     * brought back from the archive, with its releases and versions, but without its former team and stack).
     */
    boolean lockOrCreate(Handle handle, AppName name, Instant now) {
        Optional<Boolean> archived = lockRow(handle, name);
        if (archived.isPresent()) {
            if (archived.get()) {
                handle.createUpdate("""
                                update applications set archived_at = null, team = null, stack = null,
                                    updated_at = :now
                                where name = :name
                                """)
                        .bind("name", name.value())
                        .bind("now", now)
                        .execute();
            }
            return archived.get();
        }
        int inserted = handle.createUpdate("""
                        insert into applications (name, team, created_at, updated_at)
                        values (:name, null, :now, :now) on conflict do nothing
                        """)
                .bind("name", name.value())
                .bind("now", now)
                .execute();
        if (lockRow(handle, name).isEmpty()) {
            // A concurrent transaction created it and has not committed yet: run again, then it is there.
            throw new RetryTransactionException("application " + name + " is being created concurrently");
        }
        // PostgreSQL waits for a concurrent insert of the same name and then inserts nothing: that one created it.
        return inserted == 1;
    }

    /**
     * Locks an existing application's row until the transaction ends; false when there is no such application (or
     * it is archived).
     */
    boolean lock(Handle handle, AppName name) {
        return lockRow(handle, name).filter(archived -> !archived).isPresent();
    }

    /**
     * Locks every application's row until the transaction ends, in name order (as one statement), for a change that
     * decides for many applications at once from what it read after taking the locks.
     */
    void lockAll(Handle handle) {
        handle.createQuery("select name from applications order by name for update")
                .mapTo(String.class)
                .list();
    }

    /** Locks the row of an application, archived or not; tells whether it is archived, empty when there is none. */
    private static Optional<Boolean> lockRow(Handle handle, AppName name) {
        return handle.createQuery("select archived_at from applications where name = :name for update")
                .bind("name", name.value())
                .map((row, ctx) -> Rows.optionalInstant(row, "archived_at").isPresent())
                .findOne();
    }

    void updateTeam(Handle handle, AppName name, TeamName team, Instant now) {
        handle.createUpdate("update applications set team = :team, updated_at = :now where name = :name")
                .bind("name", name.value())
                .bind("team", team.value())
                .bind("now", now)
                .execute();
    }

    /** The template and values of an application (none for an unknown one). */
    ApplicationSettings settings(Handle handle, AppName name) {
        return handle.createQuery("""
                        select template, template_values, environment_values, template_environments, chart
                        from applications where name = :name
                        """)
                .bind("name", name.value())
                .map((row, ctx) -> new ApplicationSettings(
                        Rows.optionalString(row, "template").map(Template::of),
                        Rows.optionalString(row, "template_values")
                                .map(ApplicationStore::object)
                                .orElse(Map.of()),
                        Rows.optionalString(row, "environment_values")
                                .map(ApplicationStore::perEnvironment)
                                .orElse(Map.of()),
                        Rows.optionalString(row, "template_environments")
                                .map(json -> List.of(Json.read(
                                        json, EnvName[].class, ErrorCode.INTERNAL_ERROR, "stored environments")))
                                .orElse(List.of()),
                        Rows.optionalString(row, "chart")
                                .map(json -> Json.read(
                                        json, ApplicationChart.class, ErrorCode.INTERNAL_ERROR, "stored chart"))))
                .findOne()
                .orElse(ApplicationSettings.NONE);
    }

    void setSpec(Handle handle, AppName name, ApplicationSpec spec, Instant now) {
        ApplicationSettings settings = spec.settings();
        handle.createUpdate("""
                        update applications set team = :team, stack = :stack, template = :template,
                            template_values = :values, environment_values = :environmentValues,
                            template_environments = :environments, chart = :chart, updated_at = :now
                        where name = :name
                        """)
                .bind("name", name.value())
                .bind("team", spec.team().map(TeamName::value).orElse(null))
                .bind("stack", spec.stack().map(StackName::value).orElse(null))
                .bind("template", settings.template().map(Template::text).orElse(null))
                .bind("values", Json.write(settings.values()))
                .bind("environmentValues", Json.write(settings.environmentValues()))
                .bind("environments", Json.write(settings.environments()))
                .bind("chart", settings.chart().map(Json::write).orElse(null))
                .bind("now", now)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return Json.read(json, Map.class, ErrorCode.INTERNAL_ERROR, "stored values");
    }

    private static Map<EnvName, Map<String, Object>> perEnvironment(String json) {
        Map<String, Object> stored = object(json);
        Map<EnvName, Map<String, Object>> values = new TreeMap<>();
        stored.forEach((environment, layer) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) layer;
            values.put(EnvName.of(environment), map);
        });
        return values;
    }

    /** Archives an application: hidden from now on, its releases kept. The caller checks it runs nowhere. */
    void archive(Handle handle, AppName name, Instant now) {
        handle.createUpdate(
                        "update applications set archived_at = :now, stack = null, updated_at = :now where name = :name")
                .bind("name", name.value())
                .bind("now", now)
                .execute();
    }

    /** The environments an application runs in. */
    List<String> deployedIn(Handle handle, AppName name) {
        return handle.createQuery("select environment from deployments where application = :name order by environment")
                .bind("name", name.value())
                .mapTo(String.class)
                .list();
    }

    private static Application application(ResultSet row) throws SQLException {
        return new Application(
                new AppName(row.getString("name")),
                Rows.optionalString(row, "team").map(TeamName::new),
                Rows.optionalString(row, "stack").map(StackName::new),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }

    long countReleases(Handle handle, AppName application) {
        return handle.createQuery("select count(*) from releases where application = :application")
                .bind("application", application.value())
                .mapTo(Long.class)
                .one();
    }
}
