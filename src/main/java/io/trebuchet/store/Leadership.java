package io.trebuchet.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Leadership of a role (the git export, a scheduler) among the replicas that share one store: a PostgreSQL session
 * advisory lock, held on a connection of its own until closed or until that connection breaks. The holding session
 * carries the leader's replica id as its {@code application_name}, so that every replica (and a DBA looking at
 * {@code pg_stat_activity}) can tell who leads, and a leader that died (its session ended) is no longer named.
 */
public final class Leadership implements AutoCloseable {
    private final Connection connection;
    private final long key;

    private Leadership(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the lock of {@code role} for {@code replica} if no other session holds it. */
    static Optional<Leadership> tryTake(DataSource dataSource, String role, String replica) throws SQLException {
        long key = key(role);
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        name(connection, replica);
                        return Optional.of(new Leadership(connection, key));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /** The replica whose session holds the lock of {@code role}, if one does. */
    static Optional<String> holder(DataSource dataSource, String role) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select activity.application_name
                        from pg_locks lock
                        join pg_stat_activity activity on activity.pid = lock.pid
                        where lock.locktype = 'advisory' and lock.granted and lock.objsubid = 1
                          and lock.database = (select oid from pg_database where datname = current_database())
                          and lock.classid::bigint = ? and lock.objid::bigint = ?
                        """)) {
            long key = key(role);
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xffffffffL);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    return Optional.ofNullable(result.getString(1)).filter(name -> !name.isBlank());
                }
                return Optional.empty();
            }
        }
    }

    private static void name(Connection connection, String replica) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("select set_config('application_name', ?, false)")) {
            statement.setString(1, replica);
            statement.execute();
        }
    }

    /** Whether this process still leads: false once the lock's connection broke (the lock went with it). */
    public boolean isHeld() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static long key(String role) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(("trebuchet:" + role).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Gives the leadership up. */
    @Override
    public void close() {
        try (Connection held = connection) {
            if (held.isValid(5)) {
                try (PreparedStatement statement = held.prepareStatement("select pg_advisory_unlock(?)")) {
                    statement.setLong(1, key);
                    statement.execute();
                }
                // The connection goes back to the pool: it no longer speaks for a leader.
                try (PreparedStatement statement = held.prepareStatement("reset application_name")) {
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            // The lock ends with the session anyway.
            return;
        }
    }
}
