package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

/**
 * One {@code p} line of a policy: {@code role} may do {@code action} in {@code group:environment} on
 * {@code application}; each of the last three is a name or {@code *}.
 */
public record Permission(String role, Action action, String group, String environment, String application) {
    public static final String ANY = "*";

    public Permission {
        requireNonNull(role, "role is null");
        requireNonNull(action, "action is null");
        requireNonNull(group, "group is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(application, "application is null");
    }

    /** The line as Kuberpult writes it. */
    public String line() {
        return "p, role:%s, %s, %s:%s, %s, allow".formatted(role, action.policyName(), group, environment, application);
    }
}
