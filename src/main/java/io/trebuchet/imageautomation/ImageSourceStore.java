package io.trebuchet.imageautomation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trebuchet.core.AppName;
import io.trebuchet.core.Json;
import io.trebuchet.core.Version;
import io.trebuchet.schedule.HumanDuration;
import io.trebuchet.store.Rows;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of image sources and their scans. */
final class ImageSourceStore {
    private static final String COLUMNS = "s.application, s.name, s.image, s.username, s.password_file,"
            + " s.interval_seconds, s.tag_parameter, s.digest_parameter, s.policy, c.scanned_at, c.next_scan_at,"
            + " c.last_error, c.tags_etag, c.newest_tag, c.newest_digest, c.released_tag, c.released_version,"
            + " c.outcome, s.interval_text";
    private static final String FROM =
            " from image_sources s join image_source_scans c on c.application = s.application and c.name = s.name";

    /** A source with its scan state. */
    record Stored(ImageSource source, ScanState state) {}

    List<Stored> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + FROM + " order by s.application, s.name")
                .map((row, ctx) -> stored(row))
                .list();
    }

    Optional<Stored> find(Handle handle, AppName application, String name) {
        return handle.createQuery("select " + COLUMNS + FROM + " where s.application = :application and s.name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .map((row, ctx) -> stored(row))
                .findOne();
    }

    /** Writes the source; a new or changed source is due for a scan now. Answers whether it existed. */
    boolean put(Handle handle, ImageSource source, Instant now) {
        boolean exists = find(handle, source.application(), source.name()).isPresent();
        String sql = exists
                ? "update image_sources set image = :image, username = :username, password_file = :passwordFile,"
                        + " interval_seconds = :interval, interval_text = :intervalText, tag_parameter = :tagParameter,"
                        + " digest_parameter = :digestParameter, policy = :policy, updated_at = :now"
                        + " where application = :application and name = :name"
                : "insert into image_sources (application, name, image, username, password_file, interval_seconds,"
                        + " interval_text, tag_parameter, digest_parameter, policy, created_at, updated_at) values"
                        + " (:application, :name, :image, :username, :passwordFile, :interval, :intervalText,"
                        + " :tagParameter, :digestParameter, :policy, :now, :now)";
        handle.createUpdate(sql)
                .bind("application", source.application().value())
                .bind("name", source.name())
                .bind("image", source.image().toString())
                .bind("username", source.username().orElse(null))
                .bind("passwordFile", source.passwordFile().map(Path::toString).orElse(null))
                .bind("interval", source.interval().value().toSeconds())
                .bind("intervalText", source.interval().text())
                .bind("tagParameter", source.tagParameter())
                .bind("digestParameter", source.digestParameter().orElse(null))
                .bind("policy", Json.write(source.policy().toMap()))
                .bind("now", now)
                .execute();
        if (exists) {
            // A changed policy reads the whole tag list again.
            handle.createUpdate("update image_source_scans set next_scan_at = :now, tags_etag = null"
                            + " where application = :application and name = :name")
                    .bind("application", source.application().value())
                    .bind("name", source.name())
                    .bind("now", now)
                    .execute();
        } else {
            handle.createUpdate("insert into image_source_scans (application, name, next_scan_at)"
                            + " values (:application, :name, :now)")
                    .bind("application", source.application().value())
                    .bind("name", source.name())
                    .bind("now", now)
                    .execute();
        }
        return exists;
    }

    boolean delete(Handle handle, AppName application, String name) {
        handle.createUpdate("delete from image_source_scans where application = :application and name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .execute();
        return handle.createUpdate("delete from image_sources where application = :application and name = :name")
                        .bind("application", application.value())
                        .bind("name", name)
                        .execute()
                > 0;
    }

    /**
     * Claims up to {@code limit} sources whose scan is due: locks their rows (skipping those another replica holds)
     * and moves their next scan one interval on, so that each due scan runs once.
     */
    List<Stored> claimDue(Handle handle, Instant now, int limit) {
        List<Stored> due = handle.createQuery("select " + COLUMNS + FROM
                        + " where c.next_scan_at <= :now order by c.next_scan_at limit :limit for update skip locked")
                .bind("now", now)
                .bind("limit", limit)
                .map((row, ctx) -> stored(row))
                .list();
        for (Stored stored : due) {
            handle.createUpdate("update image_source_scans set next_scan_at = :next"
                            + " where application = :application and name = :name")
                    .bind("application", stored.source().application().value())
                    .bind("name", stored.source().name())
                    .bind("next", now.plus(stored.source().interval().value()))
                    .execute();
        }
        return due;
    }

    /**
     * Locks the scan row of a source for the rest of the transaction and answers the tag released last (empty when
     * none), or empty when the source is gone.
     */
    Optional<Optional<String>> lockReleasedTag(Handle handle, AppName application, String name) {
        return handle.createQuery("select released_tag from image_source_scans"
                        + " where application = :application and name = :name for update")
                .bind("application", application.value())
                .bind("name", name)
                .map((row, ctx) -> Rows.optionalString(row, "released_tag"))
                .findOne();
    }

    void saveScan(Handle handle, AppName application, String name, ScanState state) {
        handle.createUpdate("update image_source_scans set scanned_at = :scannedAt, next_scan_at = :nextScanAt,"
                        + " last_error = :lastError, tags_etag = :tagsEtag, newest_tag = :newestTag,"
                        + " newest_digest = :newestDigest, released_tag = :releasedTag,"
                        + " released_version = :releasedVersion, outcome = :outcome"
                        + " where application = :application and name = :name")
                .bind("application", application.value())
                .bind("name", name)
                .bind("scannedAt", state.scannedAt().orElse(null))
                .bind("nextScanAt", state.nextScanAt())
                .bind("lastError", state.lastError().orElse(null))
                .bind("tagsEtag", state.tagsEtag().orElse(null))
                .bind("newestTag", state.newestTag().orElse(null))
                .bind("newestDigest", state.newestDigest().orElse(null))
                .bind("releasedTag", state.releasedTag().orElse(null))
                .bind(
                        "releasedVersion",
                        state.releasedVersion().map(Version::value).orElse(null))
                .bind("outcome", state.outcome().orElse(null))
                .execute();
    }

    private static Stored stored(ResultSet row) throws SQLException {
        Map<String, Object> policy;
        try {
            policy = Json.mapper().readValue(row.getString("policy"), new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("image source policy is not JSON", e);
        }
        ImageSource source = new ImageSource(
                AppName.of(row.getString("application")),
                row.getString("name"),
                ImageReference.parse(row.getString("image")),
                Rows.optionalString(row, "username"),
                Rows.optionalString(row, "password_file").map(Path::of),
                HumanDuration.parse(row.getString("interval_text"), "interval"),
                row.getString("tag_parameter"),
                Rows.optionalString(row, "digest_parameter"),
                TagPolicy.fromMap(policy));
        ScanState state = new ScanState(
                Rows.optionalInstant(row, "scanned_at"),
                Rows.instant(row, "next_scan_at"),
                Rows.optionalString(row, "last_error"),
                Rows.optionalString(row, "tags_etag"),
                Rows.optionalString(row, "newest_tag"),
                Rows.optionalString(row, "newest_digest"),
                Rows.optionalString(row, "released_tag"),
                Rows.optionalLong(row, "released_version").map(Version::new),
                Rows.optionalString(row, "outcome"));
        return new Stored(source, state);
    }
}
