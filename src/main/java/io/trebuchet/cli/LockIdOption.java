package io.trebuchet.cli;

import io.trebuchet.lock.LockId;
import picocli.CommandLine.Option;

/** {@code --lock-id}, also under the name Kuberpult's client gives it, {@code --lockID}. */
final class LockIdOption {
    @Option(
            names = {"-l", "--lock-id", "--lockID"},
            required = true,
            paramLabel = "ID",
            description = "Id of the lock: 2 to 99 characters, no '/'.")
    String id;

    /** The id, checked as the server checks it. */
    LockId id() {
        return LockId.of(id);
    }
}
