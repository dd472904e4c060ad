package io.trebuchet.store;

/** The work of one command inside one transaction. */
@FunctionalInterface
public interface TransactionWork<T> {
    T run(Transaction transaction);
}
