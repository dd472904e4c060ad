package io.trebuchet.release;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.RetryTransactionException;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL of applications, releases and their manifests. Other features read through it; only this package writes. */
public final class ReleaseStore {
    private static final String RELEASE_COLUMNS = """
            application, version, display_version, source_commit_id, source_author, source_message, ci_link, team,
            created_at, created_by_name, created_by_email
            """;

    public Optional<Application> findApplication(Handle handle, AppName name) {
        return handle.createQuery(
                        "select name, team, stack, created_at, updated_at from applications where name = :name")
                .bind("name", name.value())
                .map((row, ctx) -> application(row))
                .findOne();
    }

    public List<Application> listApplications(Handle handle) {
        return handle.createQuery("select name, team, stack, created_at, updated_at from applications order by name")
                .map((row, ctx) -> application(row))
                .list();
    }

    /**
     * Locks the application's row until the transaction ends, creating the application first if it is new: every
     * change to one application's releases and deployments goes through this lock, which keeps version allocation
     * and "same version again" answers exact under concurrency. Returns whether the application was created.
     */
    public boolean lockOrCreateApplication(Handle handle, AppName name, Instant now) {
        if (lockApplication(handle, name)) {
            return false;
        }
        handle.createUpdate("""
                        insert into applications (name, team, created_at, updated_at)
                        values (:name, null, :now, :now) on conflict do nothing
                        """).bind("name", name.value()).bind("now", now).execute();
        if (!lockApplication(handle, name)) {
            // A concurrent transaction created it and has not committed yet: run again, then it is there.
            throw new RetryTransactionException("application " + name + " is being created concurrently");
        }
        return true;
    }

    /** Locks an existing application's row until the transaction ends; false when there is no such application. */
    public boolean lockApplication(Handle handle, AppName name) {
        return handle.createQuery("select name from applications where name = :name for update")
                .bind("name", name.value())
                .mapTo(String.class)
                .findOne()
                .isPresent();
    }

    void updateTeam(Handle handle, AppName name, TeamName team, Instant now) {
        handle.createUpdate("update applications set team = :team, updated_at = :now where name = :name")
                .bind("name", name.value())
                .bind("team", team.value())
                .bind("now", now)
                .execute();
    }

    Version nextVersion(Handle handle, AppName application) {
        long last = handle.createQuery(
                        "select coalesce(max(version), 0) from releases where application = :application")
                .bind("application", application.value())
                .mapTo(Long.class)
                .one();
        return new Version(last + 1);
    }

    public Optional<Version> latestVersion(Handle handle, AppName application) {
        return handle.createQuery("select max(version) from releases where application = :application")
                .bind("application", application.value())
                .mapTo(Long.class)
                .findOne()
                .map(Version::new);
    }

    public Optional<Release> findRelease(Handle handle, AppName application, Version version) {
        Optional<Release> release = handle.createQuery("select " + RELEASE_COLUMNS
                        + " from releases where application = :application and version = :version")
                .bind("application", application.value())
                .bind("version", version.value())
                .map((row, ctx) -> release(row, Map.of()))
                .findOne();
        return release.map(found -> withManifests(found, manifests(handle, application, version)));
    }

    /** Releases of an application, newest first, with a version below {@code before} when given. */
    public List<Release> listReleases(Handle handle, AppName application, Optional<Version> before, int limit) {
        List<Release> releases = handle.createQuery("select " + RELEASE_COLUMNS
                        + " from releases where application = :application and version < :before"
                        + " order by version desc limit :limit")
                .bind("application", application.value())
                .bind("before", before.map(Version::value).orElse(Long.MAX_VALUE))
                .bind("limit", limit)
                .map((row, ctx) -> release(row, Map.of()))
                .list();
        if (releases.isEmpty()) {
            return releases;
        }
        Map<Long, Map<EnvName, Manifest>> manifests = new HashMap<>();
        handle.createQuery("""
                        select version, environment, content, signature from release_manifests
                        where application = :application and version <= :newest and version >= :oldest
                        """)
                .bind("application", application.value())
                .bind("newest", releases.getFirst().version().value())
                .bind("oldest", releases.getLast().version().value())
                .map((row, ctx) -> new ManifestRow(
                        row.getLong("version"), new EnvName(row.getString("environment")), manifest(row)))
                .forEach(row -> manifests
                        .computeIfAbsent(row.version(), ignored -> new LinkedHashMap<>())
                        .put(row.environment(), row.manifest()));
        return releases.stream()
                .map(release -> withManifests(
                        release, manifests.getOrDefault(release.version().value(), Map.of())))
                .toList();
    }

    void insertRelease(Handle handle, Release release, Map<EnvName, List<Violation>> violations) {
        handle.createUpdate("""
                        insert into releases (application, version, display_version, source_commit_id, source_author,
                            source_message, ci_link, team, created_at, created_by_name, created_by_email)
                        values (:application, :version, :displayVersion, :sourceCommitId, :sourceAuthor,
                            :sourceMessage, :ciLink, :team, :createdAt, :createdByName, :createdByEmail)
                        """)
                .bind("application", release.application().value())
                .bind("version", release.version().value())
                .bind("displayVersion", release.displayVersion().orElse(null))
                .bind("sourceCommitId", release.sourceCommitId().orElse(null))
                .bind("sourceAuthor", release.sourceAuthor().orElse(null))
                .bind("sourceMessage", release.sourceMessage().orElse(null))
                .bind("ciLink", release.ciLink().orElse(null))
                .bind("team", release.team().map(TeamName::value).orElse(null))
                .bind("createdAt", release.createdAt())
                .bind("createdByName", release.createdBy().name())
                .bind("createdByEmail", release.createdBy().email())
                .execute();
        PreparedBatch batch = handle.prepareBatch("""
                insert into release_manifests (application, version, environment, content, signature, violations)
                values (:application, :version, :environment, :content, :signature, :violations)
                """);
        release.manifests()
                .forEach((environment, manifest) -> batch.bind(
                                "application", release.application().value())
                        .bind("version", release.version().value())
                        .bind("environment", environment.value())
                        .bind("content", manifest.content())
                        .bind("signature", manifest.signature().orElse(null))
                        .bind("violations", Json.write(violations.getOrDefault(environment, List.of())))
                        .add());
        batch.execute();
    }

    /**
     * The policy violations of a release's manifest for one environment, as found when the release was accepted
     * (or now, for releases accepted before policies existed); empty when there is no such manifest.
     */
    public Optional<List<Violation>> violations(
            Handle handle, AppName application, Version version, EnvName environment) {
        return handle.createQuery("""
                        select content, violations from release_manifests
                        where application = :application and version = :version and environment = :environment
                        """)
                .bind("application", application.value())
                .bind("version", version.value())
                .bind("environment", environment.value())
                .map((row, ctx) -> violations(row.getString("violations"), row.getString("content")))
                .findOne();
    }

    /** The policy violations of each of a release's manifests, by environment, as {@link #violations} finds them. */
    public Map<EnvName, List<Violation>> violationsByEnvironment(Handle handle, AppName application, Version version) {
        Map<EnvName, List<Violation>> found = new LinkedHashMap<>();
        handle.createQuery("""
                        select environment, content, violations from release_manifests
                        where application = :application and version = :version order by environment
                        """)
                .bind("application", application.value())
                .bind("version", version.value())
                .map((row, ctx) -> Map.entry(
                        new EnvName(row.getString("environment")),
                        violations(row.getString("violations"), row.getString("content"))))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    /** Reads stored violations, or checks the manifest when none were stored. */
    public static List<Violation> violations(String stored, String content) {
        if (stored == null) {
            return PolicyCheck.check(content);
        }
        return List.of(Json.read(stored, Violation[].class, ErrorCode.INTERNAL_ERROR, "stored policy violations"));
    }

    private static Map<EnvName, Manifest> manifests(Handle handle, AppName application, Version version) {

        Map<EnvName, Manifest> manifests = new LinkedHashMap<>();
        handle.createQuery("""
                        select version, environment, content, signature from release_manifests
                        where application = :application and version = :version
                        """)
                .bind("application", application.value())
                .bind("version", version.value())
                .map((row, ctx) -> new ManifestRow(
                        row.getLong("version"), new EnvName(row.getString("environment")), manifest(row)))
                .forEach(row -> manifests.put(row.environment(), row.manifest()));
        return manifests;
    }

    private record ManifestRow(long version, EnvName environment, Manifest manifest) {}

    private static Manifest manifest(ResultSet row) throws SQLException {
        return new Manifest(row.getString("content"), Rows.optionalString(row, "signature"));
    }

    private static Release withManifests(Release release, Map<EnvName, Manifest> manifests) {
        return new Release(
                release.application(),
                release.version(),
                manifests,
                release.team(),
                release.sourceCommitId(),
                release.sourceAuthor(),
                release.sourceMessage(),
                release.displayVersion(),
                release.ciLink(),
                release.createdAt(),
                release.createdBy());
    }

    private static Application application(ResultSet row) throws SQLException {
        return new Application(
                new AppName(row.getString("name")),
                Rows.optionalString(row, "team").map(TeamName::new),
                Rows.optionalString(row, "stack").map(StackName::new),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }

    private static Release release(ResultSet row, Map<EnvName, Manifest> manifests) throws SQLException {
        return new Release(
                new AppName(row.getString("application")),
                new Version(row.getLong("version")),
                manifests,
                Rows.optionalString(row, "team").map(TeamName::new),
                Rows.optionalString(row, "source_commit_id"),
                Rows.optionalString(row, "source_author"),
                Rows.optionalString(row, "source_message"),
                Rows.optionalString(row, "display_version"),
                Rows.optionalString(row, "ci_link"),
                Rows.instant(row, "created_at"),
                new Actor(row.getString("created_by_name"), row.getString("created_by_email")));
    }
}
