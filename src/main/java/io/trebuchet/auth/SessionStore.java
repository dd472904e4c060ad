package io.trebuchet.auth;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** SQL of {@code web_sessions} and {@code web_logins}. */
final class SessionStore {
    record Login(String verifier, String nonce, String returnTo, Instant expiresAt) {}

    void insertSession(Handle handle, String idHash, Identity identity, Instant createdAt, Instant expiresAt) {
        handle.createUpdate("""
                        insert into web_sessions (id_hash, subject, display_name, email, groups_json, created_at,
                            expires_at)
                        values (:id, :subject, :name, :email, :groups, :createdAt, :expiresAt)
                        """)
                .bind("id", idHash)
                .bind("subject", identity.subject())
                .bind("name", identity.name())
                .bind("email", identity.email().orElse(null))
                .bind("groups", Json.write(List.copyOf(identity.groups())))
                .bind("createdAt", createdAt)
                .bind("expiresAt", expiresAt)
                .execute();
    }

    Optional<Identity> findSession(Handle handle, String idHash, Instant now) {
        return handle.createQuery("select subject, display_name, email, groups_json, expires_at from web_sessions"
                        + " where id_hash = :id")
                .bind("id", idHash)
                .map((row, ctx) -> session(row, now))
                .findOne()
                .flatMap(found -> found);
    }

    void deleteSession(Handle handle, String idHash) {
        handle.createUpdate("delete from web_sessions where id_hash = :id")
                .bind("id", idHash)
                .execute();
    }

    void deleteExpired(Handle handle, Instant now) {
        handle.createUpdate("delete from web_sessions where expires_at <= :now")
                .bind("now", now)
                .execute();
        handle.createUpdate("delete from web_logins where expires_at <= :now")
                .bind("now", now)
                .execute();
    }

    void insertLogin(Handle handle, String stateHash, Login login) {
        handle.createUpdate("""
                        insert into web_logins (state_hash, verifier, nonce, return_to, expires_at)
                        values (:state, :verifier, :nonce, :returnTo, :expiresAt)
                        """)
                .bind("state", stateHash)
                .bind("verifier", login.verifier())
                .bind("nonce", login.nonce())
                .bind("returnTo", login.returnTo())
                .bind("expiresAt", login.expiresAt())
                .execute();
    }

    /** The sign-in under way with this state, removed so that it is finished once. */
    Optional<Login> takeLogin(Handle handle, String stateHash) {
        Optional<Login> login = handle.createQuery(
                        "select verifier, nonce, return_to, expires_at from web_logins where state_hash = :state")
                .bind("state", stateHash)
                .map((row, ctx) -> new Login(
                        row.getString("verifier"),
                        row.getString("nonce"),
                        row.getString("return_to"),
                        Rows.instant(row, "expires_at")))
                .findOne();
        handle.createUpdate("delete from web_logins where state_hash = :state")
                .bind("state", stateHash)
                .execute();
        return login;
    }

    private static Optional<Identity> session(ResultSet row, Instant now) throws SQLException {
        if (!Rows.instant(row, "expires_at").isAfter(now)) {
            return Optional.empty();
        }
        String[] groups =
                Json.read(row.getString("groups_json"), String[].class, ErrorCode.INTERNAL_ERROR, "session groups");
        return Optional.of(new Identity(
                Identity.Kind.SESSION,
                row.getString("subject"),
                row.getString("display_name"),
                Rows.optionalString(row, "email"),
                Set.copyOf(java.util.Arrays.asList(groups)),
                Set.of(),
                Optional.empty()));
    }
}
