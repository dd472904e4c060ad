package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.trebuchet.auth.Action;
import io.trebuchet.auth.Authorizer;
import io.trebuchet.auth.Identity;
import io.trebuchet.auth.RbacPolicy;
import io.trebuchet.auth.Scope;
import io.trebuchet.auth.ScopeLookup;
import io.trebuchet.auth.Signatures;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request's identity and what it may do: what the server's authentication found, asked by the authorization check
 * before each route and by the web UI, which shows the actions a person may not take as disabled with the reason.
 * With authentication off, everything is allowed.
 */
public final class Guard {
    private static final String ATTRIBUTE = Guard.class.getName();
    private static final String SIGNATURES = Guard.class.getName() + ".signatures";
    private static final String SIGNATURE_NAMES = Guard.class.getName() + ".signatureNames";
    private static final Guard OPEN =
            new Guard(false, Optional.empty(), new Authorizer(RbacPolicy.EMPTY, Optional.empty()), ScopeLookup.NONE);

    private final boolean enabled;
    private final Optional<Identity> identity;
    private final Authorizer authorizer;
    private final ScopeLookup lookup;

    Guard(boolean enabled, Optional<Identity> identity, Authorizer authorizer, ScopeLookup lookup) {
        this.enabled = enabled;
        this.identity = requireNonNull(identity, "identity is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.lookup = requireNonNull(lookup, "lookup is null");
    }

    /** The guard of {@code context}'s request; one that allows everything when authentication is off. */
    public static Guard of(Context context) {
        Guard guard = context.attribute(ATTRIBUTE);
        return guard == null ? OPEN : guard;
    }

    static void attachSignatures(
            Context context, Signatures signatures, java.util.function.Function<EnvName, java.util.Set<String>> names) {
        context.attribute(SIGNATURES, signatures);
        context.attribute(SIGNATURE_NAMES, names);
    }

    /** An environment and its group, the names {@code --require-signatures} may list for it. */
    static java.util.Set<String> signatureNames(Context context, EnvName environment) {
        java.util.function.Function<EnvName, java.util.Set<String>> names = context.attribute(SIGNATURE_NAMES);
        return names == null ? java.util.Set.of(environment.value()) : names.apply(environment);
    }

    static Signatures signatures(Context context) {
        Signatures signatures = context.attribute(SIGNATURES);
        return signatures == null ? Signatures.NONE : signatures;
    }

    void attach(Context context) {
        context.attribute(ATTRIBUTE, this);
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<Identity> identity() {
        return identity;
    }

    /** Empty when the request may do {@code action} in {@code scope}; otherwise why not. */
    public Optional<String> refusal(Action action, Scope scope) {
        if (!enabled) {
            return Optional.empty();
        }
        if (identity.isEmpty()) {
            return Optional.of("sign in first");
        }
        return authorizer.refusal(identity.get(), action, scope);
    }

    /** Refuses the request with {@code FORBIDDEN} unless it may do {@code action} in {@code scope}. */
    public void require(Action action, Scope scope) {
        refusal(action, scope).ifPresent(reason -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("action", action.policyName());
            scope.group().ifPresent(group -> details.put("environmentGroup", group.value()));
            scope.environment().ifPresent(environment -> details.put("environment", environment.value()));
            scope.application().ifPresent(application -> details.put("application", application.value()));
            scope.team().ifPresent(team -> details.put("team", team.value()));
            throw new TrebuchetException(ErrorCode.FORBIDDEN, reason, details);
        });
    }

    public Scope environment(EnvName environment) {
        return Scope.environment(groupOf(environment), environment);
    }

    public Scope application(EnvName environment, AppName application) {
        return Scope.application(groupOf(environment), environment, application, lookup.teamOf(application));
    }

    public Scope application(AppName application) {
        return Scope.application(application, lookup.teamOf(application));
    }

    public Scope team(EnvName environment, TeamName team) {
        return Scope.team(groupOf(environment), environment, team);
    }

    public Scope group(GroupName group) {
        return Scope.group(group);
    }

    /** An environment's group; an environment that does not exist (yet) is its own group, as Kuberpult has it. */
    GroupName groupOf(EnvName environment) {
        return lookup.groupOf(environment).orElseGet(() -> GroupName.of(environment.value()));
    }
}
