package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether an identity may do an action in a scope, from the policy and the team permissions: pure, so that
 * every case is a line of a table test. Roles are the identity's own (an API token's) plus those the policy's
 * {@code g} lines give its groups and its email, as Kuberpult maps them.
 */
public final class Authorizer {
    private final RbacPolicy policy;
    private final Optional<TeamPermissions> teams;

    public Authorizer(RbacPolicy policy, Optional<TeamPermissions> teams) {
        this.policy = requireNonNull(policy, "policy is null");
        this.teams = requireNonNull(teams, "teams is null");
    }

    public Set<String> roles(Identity identity) {
        Set<String> names = new LinkedHashSet<>(identity.groups());
        identity.email().ifPresent(names::add);
        Set<String> roles = new LinkedHashSet<>(identity.roles());
        roles.addAll(policy.rolesOf(names));
        return roles;
    }

    /** Empty when {@code identity} may do {@code action} in {@code scope}; otherwise why not, in words. */
    public Optional<String> refusal(Identity identity, Action action, Scope scope) {
        requireNonNull(identity, "identity is null");
        requireNonNull(action, "action is null");
        requireNonNull(scope, "scope is null");
        if (identity.kind() == Identity.Kind.BOOTSTRAP) {
            return Optional.empty();
        }
        Set<String> roles = roles(identity);
        String group = Permission.ANY;
        String environment = Permission.ANY;
        String application = Permission.ANY;
        switch (action.reach()) {
            case ENVIRONMENT -> {
                group = scope.group().map(Object::toString).orElse(Permission.ANY);
                environment = scope.environment().map(Object::toString).orElse(Permission.ANY);
                application = scope.application().map(Object::toString).orElse(Permission.ANY);
            }
            case APPLICATION ->
                application = scope.application().map(Object::toString).orElse(Permission.ANY);
            case GLOBAL -> {}
        }
        if (!policy.allows(roles, action, group, environment, application)) {
            return Optional.of("%s with %s may not %s%s: no policy line allows it"
                    .formatted(
                            identity.describe(),
                            roles.isEmpty() ? "no role" : "role " + String.join(", ", new TreeSet<>(roles)),
                            action.policyName(),
                            scope.describe()));
        }
        if (!scope.checksTeam()) {
            return Optional.empty();
        }
        Optional<Set<String>> memberOf = identity.teams()
                .or(() -> teams.map(
                        configured -> identity.email().map(configured::teamsOf).orElse(Set.of())));
        if (memberOf.isEmpty()) {
            return Optional.empty();
        }
        String owner = scope.team().map(Object::toString).orElse("");
        if (memberOf.get().contains(TeamPermissions.ALL_TEAMS) || memberOf.get().contains(owner)) {
            return Optional.empty();
        }
        return Optional.of(
                owner.isEmpty()
                        ? "%s may not %s%s: the application has no team, which only members of every team (*) may change"
                                .formatted(identity.describe(), action.policyName(), scope.describe())
                        : "%s may not %s%s: not a member of team %s"
                                .formatted(identity.describe(), action.policyName(), scope.describe(), owner));
    }
}
