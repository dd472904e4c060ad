package io.trebuchet.deploy;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.Version;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of current deployments and their history. */
public final class DeployStore {
    private static final String DISPLAY_VERSION =
            "select display_version from releases where application = :application and version = :version";
    private static final String VIOLATIONS = "select violations from release_manifests"
            + " where application = :application and version = :version and environment = :environment";

    private static final String QUEUED_COLUMNS =
            "application, environment, version, queued_at, actor_name, actor_email, reason, blocked_by";
    private static final String COLUMNS =
            "application, environment, version, deployed_at, actor_name, actor_email, reason, train_id";

    public Optional<Deployment> find(Handle handle, AppName application, EnvName environment) {
        return handle.createQuery("select " + COLUMNS
                        + " from deployments where application = :application and environment = :environment")
                .bind("application", application.value())
                .bind("environment", environment.value())
                .map((row, ctx) -> deployment(row))
                .findOne();
    }

    public List<Deployment> listByApplication(Handle handle, AppName application) {
        return handle.createQuery(
                        "select " + COLUMNS + " from deployments where application = :application order by environment")
                .bind("application", application.value())
                .map((row, ctx) -> deployment(row))
                .list();
    }

    public List<Deployment> listAll(Handle handle) {
        return handle.createQuery("select " + COLUMNS + " from deployments order by application, environment")
                .map((row, ctx) -> deployment(row))
                .list();
    }

    /**
     * Writes where an application runs now. The release's display version and the manifest's policy findings are
     * copied along (releases never change), so that the overview reads deployments alone.
     */
    void upsert(Handle handle, Deployment deployment, boolean exists) {
        String sql = exists ? """
                  update deployments set version = :version, deployed_at = :deployedAt, actor_name = :actorName,
                      actor_email = :actorEmail, reason = :reason, train_id = :trainId,
                      display_version = (%s), violations = (%s)
                  where application = :application and environment = :environment
                  """.formatted(DISPLAY_VERSION, VIOLATIONS) : """
                  insert into deployments
                      (application, environment, version, deployed_at, actor_name, actor_email, reason, train_id,
                      display_version, violations)
                  values (:application, :environment, :version, :deployedAt, :actorName, :actorEmail, :reason, :trainId,
                      (%s), (%s))
                  """.formatted(DISPLAY_VERSION, VIOLATIONS);
        handle.createUpdate(sql)
                .bind("application", deployment.application().value())
                .bind("environment", deployment.environment().value())
                .bind("version", deployment.version().value())
                .bind("deployedAt", deployment.deployedAt())
                .bind("actorName", deployment.deployedBy().name())
                .bind("actorEmail", deployment.deployedBy().email())
                .bind("reason", deployment.reason().label())
                .bind("trainId", deployment.trainId().orElse(null))
                .execute();
    }

    void delete(Handle handle, AppName application, EnvName environment) {
        handle.createUpdate("delete from deployments where application = :application and environment = :environment")
                .bind("application", application.value())
                .bind("environment", environment.value())
                .execute();
    }

    void recordHistory(
            Handle handle,
            AppName application,
            EnvName environment,
            Optional<Version> version,
            Optional<Version> previous,
            Instant time,
            Actor actor,
            DeploymentReason reason,
            Optional<String> trainId) {
        handle.createUpdate("""
                        insert into deployment_history (application, environment, version, previous_version,
                            changed_at, actor_name, actor_email, reason, train_id)
                        values (:application, :environment, :version, :previous, :time, :actorName, :actorEmail,
                            :reason, :trainId)
                        """)
                .bind("application", application.value())
                .bind("environment", environment.value())
                .bind("version", version.map(Version::value).orElse(null))
                .bind("previous", previous.map(Version::value).orElse(null))
                .bind("time", time)
                .bind("actorName", actor.name())
                .bind("actorEmail", actor.email())
                .bind("reason", reason.label())
                .bind("trainId", trainId.orElse(null))
                .execute();
    }

    /** History of an application, newest first, optionally of one environment, with an id below {@code before}. */
    List<DeploymentChange> history(
            Handle handle, AppName application, Optional<EnvName> environment, long before, int limit) {
        return handle.createQuery("""
                        select id, application, environment, version, previous_version, changed_at, actor_name,
                            actor_email, reason, train_id
                        from deployment_history
                        where application = :application and id < :before
                        """
                        + (environment.isPresent() ? " and environment = :environment" : "")
                        + " order by id desc limit :limit")
                .bind("application", application.value())
                .bind("environment", environment.map(EnvName::value).orElse(null))
                .bind("before", before)
                .bind("limit", limit)
                .map((row, ctx) -> new DeploymentChange(
                        row.getLong("id"),
                        new AppName(row.getString("application")),
                        new EnvName(row.getString("environment")),
                        Rows.optionalLong(row, "version").map(Version::new),
                        Rows.optionalLong(row, "previous_version").map(Version::new),
                        Rows.instant(row, "changed_at"),
                        new Actor(row.getString("actor_name"), row.getString("actor_email")),
                        DeploymentReason.fromLabel(row.getString("reason")),
                        Rows.optionalString(row, "train_id")))
                .list();
    }

    /**
     * The chart version a release was rendered from, when it was: a deploy decision needs it (pre-release charts run
     * only where allowed), and it is read here, with the deploy's other facts, rather than through the chart feature,
     * which sits above deploys.
     */
    Optional<String> chartVersion(Handle handle, AppName application, Version version) {
        return handle.createQuery(
                        "select chart_version from chart_releases where application = :application and version = :version")
                .bind("application", application.value())
                .bind("version", version.value())
                .mapTo(String.class)
                .findOne();
    }

    Optional<QueuedVersion> findQueued(Handle handle, AppName application, EnvName environment) {
        return handle.createQuery("select " + QUEUED_COLUMNS
                        + " from queued_versions where application = :application and environment = :environment")
                .bind("application", application.value())
                .bind("environment", environment.value())
                .map((row, ctx) -> queued(row))
                .findOne();
    }

    public List<QueuedVersion> listQueued(Handle handle) {
        return handle.createQuery(
                        "select " + QUEUED_COLUMNS + " from queued_versions order by application, environment")
                .map((row, ctx) -> queued(row))
                .list();
    }

    void putQueued(Handle handle, QueuedVersion queued) {
        deleteQueued(handle, queued.application(), queued.environment());
        handle.createUpdate("""
                        insert into queued_versions (application, environment, version, queued_at, actor_name,
                            actor_email, reason, blocked_by)
                        values (:application, :environment, :version, :queuedAt, :actorName, :actorEmail, :reason,
                            :blockedBy)
                        """)
                .bind("application", queued.application().value())
                .bind("environment", queued.environment().value())
                .bind("version", queued.version().value())
                .bind("queuedAt", queued.queuedAt())
                .bind("actorName", queued.queuedBy().name())
                .bind("actorEmail", queued.queuedBy().email())
                .bind("reason", queued.reason().label())
                .bind("blockedBy", Json.write(queued.blockedBy()))
                .execute();
    }

    void deleteQueued(Handle handle, AppName application, EnvName environment) {
        handle.createUpdate(
                        "delete from queued_versions where application = :application and environment = :environment")
                .bind("application", application.value())
                .bind("environment", environment.value())
                .execute();
    }

    private static QueuedVersion queued(ResultSet row) throws SQLException {
        return new QueuedVersion(
                new AppName(row.getString("application")),
                new EnvName(row.getString("environment")),
                new Version(row.getLong("version")),
                Rows.instant(row, "queued_at"),
                new Actor(row.getString("actor_name"), row.getString("actor_email")),
                DeploymentReason.fromLabel(row.getString("reason")),
                List.of(Json.read(
                        row.getString("blocked_by"), String[].class, ErrorCode.INTERNAL_ERROR, "queued causes")));
    }

    private static Deployment deployment(ResultSet row) throws SQLException {
        return new Deployment(
                new AppName(row.getString("application")),
                new EnvName(row.getString("environment")),
                new Version(row.getLong("version")),
                Rows.instant(row, "deployed_at"),
                new Actor(row.getString("actor_name"), row.getString("actor_email")),
                DeploymentReason.fromLabel(row.getString("reason")),
                Rows.optionalString(row, "train_id"));
    }
}
