package io.trebuchet.store;

import java.sql.SQLException;
import java.util.Optional;

/** Reads the SQLState behind a Jdbi exception. */
public final class StoreErrors {
    private StoreErrors() {}

    public static Optional<String> sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** A foreign key violation (23503). */
    public static boolean isForeignKeyViolation(Throwable error) {
        return sqlState(error).filter(state -> state.equals("23503")).isPresent();
    }

    /**
     * A conflict between concurrent transactions that a retry of the whole transaction resolves: serialization failure,
     * deadlock, a lock timeout, or a unique key that a concurrent transaction inserted first.
     */
    static boolean isTransient(Throwable error) {
        if (error instanceof RetryTransactionException) {
            return true;
        }
        return sqlState(error)
                .filter(state -> state.equals("40001")
                        || state.equals("40P01")
                        || state.equals("23505")
                        || state.equals("55P03"))
                .isPresent();
    }
}
