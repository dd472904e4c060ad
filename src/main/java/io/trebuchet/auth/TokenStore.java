package io.trebuchet.auth;

import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/** SQL of {@code api_tokens}. Roles and teams are kept as comma-separated text (neither may contain a comma). */
final class TokenStore {
    private static final String COLUMNS =
            "id, name, roles, teams, created_by, created_at, expires_at, last_used_at, revoked_at";

    boolean nameTaken(Handle handle, String name) {
        return handle.createQuery("select count(*) from api_tokens where name = :name")
                        .bind("name", name)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    long insert(
            Handle handle,
            TokenRequest request,
            String hash,
            String createdBy,
            Instant createdAt,
            Optional<Instant> expiresAt) {
        return handle.createUpdate("""
                        insert into api_tokens (name, token_hash, roles, teams, created_by, created_at, expires_at)
                        values (:name, :hash, :roles, :teams, :createdBy, :createdAt, :expiresAt)
                        """)
                .bind("name", request.name())
                .bind("hash", hash)
                .bind("roles", String.join(",", request.roles()))
                .bind(
                        "teams",
                        request.teams().map(teams -> String.join(",", teams)).orElse(null))
                .bind("createdBy", createdBy)
                .bind("createdAt", createdAt)
                .bind("expiresAt", expiresAt.orElse(null))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    List<ApiToken> list(Handle handle) {
        return handle.createQuery("select " + COLUMNS + " from api_tokens order by id")
                .map((row, ctx) -> token(row))
                .list();
    }

    Optional<ApiToken> findByHash(Handle handle, String hash) {
        return handle.createQuery("select " + COLUMNS + " from api_tokens where token_hash = :hash")
                .bind("hash", hash)
                .map((row, ctx) -> token(row))
                .findOne();
    }

    Optional<ApiToken> findByName(Handle handle, String name) {
        return handle.createQuery("select " + COLUMNS + " from api_tokens where name = :name")
                .bind("name", name)
                .map((row, ctx) -> token(row))
                .findOne();
    }

    void revoke(Handle handle, long id, Instant at, String by) {
        handle.createUpdate(
                        "update api_tokens set revoked_at = :at, revoked_by = :by where id = :id and revoked_at is null")
                .bind("at", at)
                .bind("by", by)
                .bind("id", id)
                .execute();
    }

    void touch(Handle handle, long id, Instant at) {
        handle.createUpdate("update api_tokens set last_used_at = :at where id = :id")
                .bind("at", at)
                .bind("id", id)
                .execute();
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        return new ApiToken(
                row.getLong("id"),
                row.getString("name"),
                split(row.getString("roles")),
                Rows.optionalString(row, "teams").map(TokenStore::split),
                row.getString("created_by"),
                Rows.instant(row, "created_at"),
                Rows.optionalInstant(row, "expires_at"),
                Rows.optionalInstant(row, "last_used_at"),
                Rows.optionalInstant(row, "revoked_at"));
    }

    private static Set<String> split(String text) {
        return Arrays.stream(text.split(",", -1))
                .filter(value -> !value.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
