package io.trebuchet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code trebuchet lock}: put a lock on an environment, a group, an application or a team in an environment. */
@Command(
        name = "lock",
        description = {
            "Lock an environment, every environment of a group, an application in an environment, or a team's"
                    + " applications in an environment. A lock stops automation (auto-deploy, release trains): what"
                    + " it would have deployed is queued. People can still deploy, explicitly (deploy"
                    + " --lock-behavior ignore).",
            "Locking again with the same id replaces the lock; with the same content it changes nothing."
        },
        sortOptions = false,
        footer = {
            "",
            "Kuberpult's client commands create-env-lock, create-app-lock, create-team-lock and create-group-lock are"
                    + " accepted too, with their flags.",
            "",
            "Examples:",
            "  trebuchet lock --environment staging --lock-id qa --message 'QA 1.4' \\",
            "      --expires-in 8h",
            "  trebuchet lock --group production --lock-id black-friday \\",
            "      --message 'Black Friday' \\",
            "      --expires-at 2026-11-30T06:00:00Z",
            "  trebuchet lock -e prod-de -a cart -l incident-42 -m 'incident 42' \\",
            "      --ci-link https://ci.example.com/42",
            "  trebuchet lock -e prod-de --team payments -l audit -m 'PCI audit' \\",
            "      --suggested-lifetime 2d",
            "  trebuchet lock -e prod-de -l nightly -m 'no deploys at night' \\",
            "      --schedule '0 22 * * *' --window 8h \\",
            "      --time-zone Europe/Berlin"
        })
final class LockCommand extends LockingCommand {
    @Mixin
    LockPlaceOptions place;

    @Mixin
    LockIdOption id;

    @Mixin
    LockRequestOptions request;

    @Override
    protected int run(TrebuchetClient client, Output output) {
        return lock(client, output, place.place(), id.id(), request.request());
    }
}
