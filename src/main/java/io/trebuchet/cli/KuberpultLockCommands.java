package io.trebuchet.cli;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kuberpult's client lock commands, with their flags, so that a CI job switches by changing the binary's name: {@code
 * create-env-lock}, {@code create-app-lock}, {@code create-team-lock}, {@code create-group-lock} and the matching
 * {@code delete-*-lock}. They do what {@code lock} and {@code unlock} do; hidden from the command list.
 */
final class KuberpultLockCommands {
    private KuberpultLockCommands() {}

    /** {@code --environment}, required. */
    static final class EnvironmentOption {
        @Option(names = "--environment", required = true, paramLabel = "ENV", description = "Environment.")
        String environment;

        EnvName environment() {
            return EnvName.of(environment);
        }
    }

    /** {@code --application}, required. */
    static final class ApplicationOption {
        @Option(names = "--application", required = true, paramLabel = "APP", description = "Application.")
        String application;

        AppName application() {
            return AppName.of(application);
        }
    }

    /** {@code --team}, required. */
    static final class TeamOption {
        @Option(names = "--team", required = true, paramLabel = "TEAM", description = "Team.")
        String team;

        TeamName team() {
            return TeamName.of(team);
        }
    }

    /** {@code --environment-group}, required. */
    static final class GroupOption {
        @Option(
                names = "--environment-group",
                required = true,
                paramLabel = "GROUP",
                description = "Environment group.")
        String group;

        GroupName group() {
            return GroupName.of(group);
        }
    }

    @Command(
            name = "create-env-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet lock --environment ENV --lock-id ID --message TEXT.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet create-env-lock --environment staging --lockID qa \\",
                "      --message 'QA tests 1.4'"
            })
    static final class CreateEnvironmentLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        LockIdOption id;

        @Mixin
        LockRequestOptions request;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return lock(
                    client, output, new LockPlace.Environment(environment.environment()), id.id(), request.request());
        }
    }

    @Command(
            name = "create-app-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet lock --environment ENV --application APP --lock-id ID"
                    + " --message TEXT.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet create-app-lock --environment prod-de --application cart \\",
                "      --lockID incident-42 --message 'incident 42'"
            })
    static final class CreateApplicationLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        ApplicationOption application;

        @Mixin
        LockIdOption id;

        @Mixin
        LockRequestOptions request;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return lock(
                    client,
                    output,
                    new LockPlace.Application(environment.environment(), application.application()),
                    id.id(),
                    request.request());
        }
    }

    @Command(
            name = "create-team-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet lock --environment ENV --team TEAM --lock-id ID"
                    + " --message TEXT.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet create-team-lock --environment prod-de --team payments \\",
                "      --lockID audit --message 'PCI audit'"
            })
    static final class CreateTeamLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        TeamOption team;

        @Mixin
        LockIdOption id;

        @Mixin
        LockRequestOptions request;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return lock(
                    client,
                    output,
                    new LockPlace.Team(environment.environment(), team.team()),
                    id.id(),
                    request.request());
        }
    }

    @Command(
            name = "create-group-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet lock --group GROUP --lock-id ID --message TEXT.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet create-group-lock --environment-group production \\",
                "      --lockID freeze --message 'Black Friday'"
            })
    static final class CreateGroupLock extends LockingCommand {
        @Mixin
        GroupOption group;

        @Mixin
        LockIdOption id;

        @Mixin
        LockRequestOptions request;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return lock(client, output, new LockPlace.Group(group.group()), id.id(), request.request());
        }
    }

    @Command(
            name = "delete-env-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet unlock --environment ENV --lock-id ID.",
            sortOptions = false,
            footer = {"", "Examples:", "  trebuchet delete-env-lock --environment staging --lockID qa"})
    static final class DeleteEnvironmentLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        LockIdOption id;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return unlock(client, output, new LockPlace.Environment(environment.environment()), id.id());
        }
    }

    @Command(
            name = "delete-app-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet unlock --environment ENV --application APP --lock-id ID.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet delete-app-lock --environment prod-de --application cart \\",
                "      --lockID incident-42"
            })
    static final class DeleteApplicationLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        ApplicationOption application;

        @Mixin
        LockIdOption id;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return unlock(
                    client,
                    output,
                    new LockPlace.Application(environment.environment(), application.application()),
                    id.id());
        }
    }

    @Command(
            name = "delete-team-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet unlock --environment ENV --team TEAM --lock-id ID.",
            sortOptions = false,
            footer = {
                "",
                "Examples:",
                "  trebuchet delete-team-lock --environment prod-de --team payments \\",
                "      --lockID audit"
            })
    static final class DeleteTeamLock extends LockingCommand {
        @Mixin
        EnvironmentOption environment;

        @Mixin
        TeamOption team;

        @Mixin
        LockIdOption id;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return unlock(client, output, new LockPlace.Team(environment.environment(), team.team()), id.id());
        }
    }

    @Command(
            name = "delete-group-lock",
            hidden = true,
            description = "Kuberpult's name for: trebuchet unlock --group GROUP --lock-id ID.",
            sortOptions = false,
            footer = {"", "Examples:", "  trebuchet delete-group-lock --environment-group production --lockID freeze"})
    static final class DeleteGroupLock extends LockingCommand {
        @Mixin
        GroupOption group;

        @Mixin
        LockIdOption id;

        @Override
        protected int run(TrebuchetClient client, Output output) {
            return unlock(client, output, new LockPlace.Group(group.group()), id.id());
        }
    }
}
