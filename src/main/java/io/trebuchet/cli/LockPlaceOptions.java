package io.trebuchet.cli;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import picocli.CommandLine.Option;

/**
 * Where {@code lock} and {@code unlock} act: {@code --environment} alone, with {@code --application} or with {@code
 * --team}; or {@code --group} alone.
 */
final class LockPlaceOptions {
    @Option(
            names = {"-e", "--environment"},
            paramLabel = "ENV",
            description = "Environment: the whole of it, or with --application or --team a part of it.")
    String environment;

    @Option(
            names = {"-g", "--group", "--environment-group"},
            paramLabel = "GROUP",
            description = "Environment group: an environment lock with the same id on every member.")
    String group;

    @Option(
            names = {"-a", "--application"},
            paramLabel = "APP",
            description = "Only this application in --environment.")
    String application;

    @Option(
            names = {"-t", "--team"},
            paramLabel = "TEAM",
            description = "Only this team's applications in --environment.")
    String team;

    /** The place the options name; options that do not go together are a usage error. */
    LockPlace place() {
        if (group != null) {
            if (environment != null || application != null || team != null) {
                throw CommandFailure.usage(
                        "--group locks every environment of the group: it does not go with --environment,"
                                + " --application or --team");
            }
            return new LockPlace.Group(GroupName.of(group));
        }
        if (environment == null) {
            throw CommandFailure.usage(
                    "say where: --environment ENV (alone, with --application APP or with --team TEAM), or --group"
                            + " GROUP");
        }
        if (application != null && team != null) {
            throw CommandFailure.usage("--application and --team do not go together: a lock covers one or the other");
        }
        EnvName where = EnvName.of(environment);
        if (application != null) {
            return new LockPlace.Application(where, AppName.of(application));
        }
        if (team != null) {
            return new LockPlace.Team(where, TeamName.of(team));
        }
        return new LockPlace.Environment(where);
    }
}
