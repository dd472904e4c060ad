package io.trebuchet.store;

import org.jdbi.v3.core.Handle;

/**
 * Exclusive locks by name, held until the transaction ends: for changes that must see every other change of the same
 * kind (two environment updates that together would form an upstream cycle).
 */
public final class NamedLocks {
    private NamedLocks() {}

    public static void lock(Handle handle, String name) {
        int rows = handle.createQuery("select name from named_locks where name = :name for update")
                .bind("name", name)
                .mapTo(String.class)
                .list()
                .size();
        if (rows != 1) {
            throw new IllegalStateException("named lock " + name + " does not exist; add it in a migration");
        }
    }
}
