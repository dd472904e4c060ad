package io.trebuchet.release;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL of releases and their manifests. Other features read through it; only this package writes. */
public final class ReleaseStore {
    private static final String RELEASE_COLUMNS = """
            application, version, display_version, source_commit_id, source_author, source_message, ci_link, team,
            created_at, created_by_name, created_by_email
            """;

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
                .map((row, ctx) -> PolicyCheck.storedOrChecked(row.getString("violations"), row.getString("content")))
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
                        PolicyCheck.storedOrChecked(row.getString("violations"), row.getString("content"))))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
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
