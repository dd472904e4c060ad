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
 * advisory lock, held on a connection of its own until closed or until that connection breaks.
 */
public final class Leadership implements AutoCloseable {
    private final Connection connection;
    private final long key;

    private Leadership(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** Takes the lock of {@code role} if no other session holds it. */
    static Optional<Leadership> tryTake(DataSource dataSource, String role) throws SQLException {
        long key = key(role);
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
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
            }
        } catch (SQLException e) {
            // The lock ends with the session anyway.
            return;
        }
    }
}
