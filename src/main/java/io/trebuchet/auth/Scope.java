package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import java.util.Optional;

/**
 * Where an action happens, as far as the policy cares: the environment group, the environment (empty: the whole group
 * or no environment), the application (empty: any) and the team that owns what is changed. {@code checksTeam} says
 * whether team permissions apply, as Kuberpult applies them to applications' locks, deploys and removals and to team
 * locks, not to environment locks.
 */
public record Scope(
        Optional<GroupName> group,
        Optional<EnvName> environment,
        Optional<AppName> application,
        Optional<TeamName> team,
        boolean checksTeam) {
    public static final Scope GLOBAL =
            new Scope(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    public Scope {
        requireNonNull(group, "group is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
        requireNonNull(team, "team is null");
    }

    public static Scope environment(GroupName group, EnvName environment) {
        return new Scope(Optional.of(group), Optional.of(environment), Optional.empty(), Optional.empty(), false);
    }

    public static Scope group(GroupName group) {
        return new Scope(Optional.of(group), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** An application in an environment, owned by {@code team} (empty: no team). */
    public static Scope application(
            GroupName group, EnvName environment, AppName application, Optional<TeamName> team) {
        return new Scope(Optional.of(group), Optional.of(environment), Optional.of(application), team, true);
    }

    /** An application in no particular environment. */
    public static Scope application(AppName application, Optional<TeamName> team) {
        return new Scope(Optional.empty(), Optional.empty(), Optional.of(application), team, true);
    }

    /** A team's lock in an environment. */
    public static Scope team(GroupName group, EnvName environment, TeamName team) {
        return new Scope(Optional.of(group), Optional.of(environment), Optional.empty(), Optional.of(team), true);
    }

    public Scope withTeam(Optional<TeamName> owner) {
        return new Scope(group, environment, application, owner, true);
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        application.ifPresent(app -> text.append(" on ").append(app));
        environment.ifPresentOrElse(
                env -> text.append(" in ").append(env),
                () -> group.ifPresent(name -> text.append(" in group ").append(name)));
        team.ifPresent(name -> text.append(" (team ").append(name).append(')'));
        return text.toString();
    }
}
