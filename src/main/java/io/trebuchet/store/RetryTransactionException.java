package io.trebuchet.store;

/**
 * Thrown by store code that saw a concurrent transaction change what it depends on; {@link Database} runs the whole
 * transaction again.
 */
public final class RetryTransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RetryTransactionException(String message) {
        super(message);
    }
}
