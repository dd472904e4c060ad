package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * One database transaction of one command. Features run their SQL on {@link #handle()}; state that belongs to the
 * transaction (the events it will append) is kept in {@link #attachment}; {@link #beforeCommit} hooks run after the
 * command's work, just before the commit, so that whatever they lock is held only for the commit itself.
 */
public final class Transaction {
    private final Handle handle;
    private final Map<Class<?>, Object> attachments = new HashMap<>();
    private final List<Runnable> beforeCommit = new ArrayList<>();

    Transaction(Handle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    public Handle handle() {
        return handle;
    }

    /** The transaction's instance of {@code type}, created on first use. */
    public <T> T attachment(Class<T> type, Supplier<T> create) {
        return type.cast(attachments.computeIfAbsent(type, ignored -> create.get()));
    }

    public void beforeCommit(Runnable hook) {
        beforeCommit.add(requireNonNull(hook, "hook is null"));
    }

    void runBeforeCommitHooks() {
        // A hook may register further hooks; run until none are left.
        for (int i = 0; i < beforeCommit.size(); i++) {
            beforeCommit.get(i).run();
        }
    }
}
