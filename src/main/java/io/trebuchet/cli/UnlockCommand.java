package io.trebuchet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code trebuchet unlock}: delete a lock. */
@Command(
        name = "unlock",
        description = {
            "Delete a lock. Versions queued behind it stay queued (they are not deployed by themselves): deploy"
                    + " them, or let the next release train or release move them."
        },
        sortOptions = false,
        footer = {
            "",
            "Kuberpult's client commands delete-env-lock, delete-app-lock, delete-team-lock and delete-group-lock are"
                    + " accepted too, with their flags.",
            "",
            "Examples:",
            "  trebuchet unlock --environment staging --lock-id qa",
            "  trebuchet unlock --group production --lock-id black-friday",
            "  trebuchet unlock -e prod-de -a cart -l incident-42",
            "  trebuchet unlock -e prod-de --team payments -l audit"
        })
final class UnlockCommand extends LockingCommand {
    @Mixin
    LockPlaceOptions place;

    @Mixin
    LockIdOption id;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        return unlock(client, output, place.place(), id.id());
    }
}
