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
import io.trebuchet.template.Template;
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
        return handle.createQuery("""
                        select name, team, stack, created_at, updated_at from applications
                        where name = :name and archived_at is null
                        """)
                .bind("name", name.value())
                .map((row, ctx) -> application(row))
                .findOne();
    }

    public List<Application> listApplications(Handle handle) {
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
    public boolean lockOrCreateApplication(Handle handle, AppName name, Instant now) {
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
    public boolean lockApplication(Handle handle, AppName name) {
        return lockRow(handle, name).filter(archived -> !archived).isPresent();
    }

    /**
     * Locks every application's row until the transaction ends, in name order (as one statement), for a change that
     * decides for many applications at once from what it read after taking the locks.
     */
    public void lockAllApplications(Handle handle) {
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
        setTeam(handle, name, Optional.of(team), now);
    }

    /** The template and values of an application (none for an unknown one). */
    public ApplicationSettings settings(Handle handle, AppName name) {
        return handle.createQuery("""
                        select template, template_values, environment_values, template_environments
                        from applications where name = :name
                        """)
                .bind("name", name.value())
                .map((row, ctx) -> new ApplicationSettings(
                        Rows.optionalString(row, "template").map(Template::of),
                        Rows.optionalString(row, "template_values")
                                .map(ReleaseStore::object)
                                .orElse(Map.of()),
                        Rows.optionalString(row, "environment_values")
                                .map(ReleaseStore::perEnvironment)
                                .orElse(Map.of()),
                        Rows.optionalString(row, "template_environments")
                                .map(json -> List.of(Json.read(
                                        json, EnvName[].class, ErrorCode.INTERNAL_ERROR, "stored environments")))
                                .orElse(List.of())))
                .findOne()
                .orElse(ApplicationSettings.NONE);
    }

    void setSpec(Handle handle, AppName name, ApplicationSpec spec, Instant now) {
        ApplicationSettings settings = spec.settings();
        handle.createUpdate("""
                        update applications set team = :team, stack = :stack, template = :template,
                            template_values = :values, environment_values = :environmentValues,
                            template_environments = :environments, updated_at = :now
                        where name = :name
                        """)
                .bind("name", name.value())
                .bind("team", spec.team().map(TeamName::value).orElse(null))
                .bind("stack", spec.stack().map(StackName::value).orElse(null))
                .bind("template", settings.template().map(Template::text).orElse(null))
                .bind("values", Json.write(settings.values()))
                .bind("environmentValues", Json.write(settings.environmentValues()))
                .bind("environments", Json.write(settings.environments()))
                .bind("now", now)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return Json.read(json, Map.class, ErrorCode.INTERNAL_ERROR, "stored values");
    }

    private static Map<EnvName, Map<String, Object>> perEnvironment(String json) {
        Map<String, Object> stored = object(json);
        Map<EnvName, Map<String, Object>> values = new java.util.TreeMap<>();
        stored.forEach((environment, layer) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) layer;
            values.put(EnvName.of(environment), map);
        });
        return values;
    }

    void setTeam(Handle handle, AppName name, Optional<TeamName> team, Instant now) {

        handle.createUpdate("update applications set team = :team, updated_at = :now where name = :name")
                .bind("name", name.value())
                .bind("team", team.map(TeamName::value).orElse(null))
                .bind("now", now)
                .execute();
    }

    /** Archives an application: hidden from now on, its releases kept. The caller checks it runs nowhere. */
    void archiveApplication(Handle handle, AppName name, Instant now) {
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

    public long countReleases(Handle handle, AppName application) {
        return handle.createQuery("select count(*) from releases where application = :application")
                .bind("application", application.value())
                .mapTo(Long.class)
                .one();
    }

    /**
     * Releases whose source commit is {@code commit} or starts with it (a short id), or whose short source commit id
     * is a prefix of {@code commit}; oldest first, with manifests. {@code commit} is lowercase hexadecimal.
     */
    public List<Release> findReleasesByCommit(Handle handle, String commit) {
        return handle
                .createQuery("select " + RELEASE_COLUMNS + """
                         from releases
                        where source_commit_id like :prefix or :commit like source_commit_id || '%'
                        order by application, version
                        """)
                .bind("prefix", commit + "%")
                .bind("commit", commit)
                .map((row, ctx) -> release(row, Map.of()))
                .list()
                .stream()
                .map(release -> withManifests(release, manifests(handle, release.application(), release.version())))
                .toList();
    }

    Version nextVersion(Handle handle, AppName application) {
        long last = handle.createQuery(
                        "select coalesce(max(version), 0) from releases where application = :application")
                .bind("application", application.value())
                .mapTo(Long.class)
                .one();
        return last == 0 ? new Version(1) : new Version(last).next();
    }

    /** The newest release of an application that has a manifest for {@code environment}. */
    public Optional<Version> latestVersionFor(Handle handle, AppName application, EnvName environment) {
        return handle.createQuery("""
                        select max(version) from release_manifests
                        where application = :application and environment = :environment
                        """)
                .bind("application", application.value())
                .bind("environment", environment.value())
                .mapTo(Long.class)
                .findOne()
                .map(Version::new);
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
        // Versions may come in any order (CI names them): the application keeps the highest.
        handle.createUpdate("""
                        update applications set latest_version = :version
                        where name = :application and (latest_version is null or latest_version < :version)
                        """)
                .bind("application", release.application().value())
                .bind("version", release.version().value())
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
