package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy in Kuberpult's format, read as Kuberpult reads it: spaces are ignored; {@code p} lines grant
 * ({@code p, role:<role>, <Action>, <group>:<environment>, <application>, allow}, each of group, environment and
 * application a name or {@code *}); {@code g} lines give a group of the identity provider (or a person's email) a
 * role ({@code g, <group>, role:<role>}). Actions that do not depend on an environment ({@code CreateRelease},
 * {@code CreateUndeploy}, {@code DeployUndeploy}, {@code CreateEnvironmentApplication}) name the environment
 * {@code *}; Trebuchet's global actions name {@code *:*} and {@code *}.
 *
 * <p>Stricter than Kuberpult where silence would be a trap: a line that is neither blank, a {@code #} comment, a
 * {@code p} nor a {@code g} line is an error, and so is a {@code deny} line (Kuberpult reads it and never applies it:
 * nothing is denied but by the absence of an allow).
 */
public record RbacPolicy(Set<Permission> permissions, Map<String, Set<String>> groupRoles) {
    public static final RbacPolicy EMPTY = new RbacPolicy(Set.of(), Map.of());

    public RbacPolicy {
        permissions = Set.copyOf(requireNonNull(permissions, "permissions is null"));
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        requireNonNull(groupRoles, "groupRoles is null").forEach((group, roles) -> copy.put(group, Set.copyOf(roles)));
        groupRoles = Map.copyOf(copy);
    }

    /** Parses a policy file; every faulty line is listed in one error, by number. */
    public static RbacPolicy parse(String text) {
        requireNonNull(text, "text is null");
        Set<Permission> permissions = new HashSet<>();
        Map<String, Set<String>> groupRoles = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].replace(" ", "").replace("\t", "");
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                switch (line.charAt(0)) {
                    case 'p' -> permissions.add(permission(line));
                    case 'g' -> {
                        String[] fields = group(line);
                        groupRoles
                                .computeIfAbsent(fields[0], ignored -> new LinkedHashSet<>())
                                .add(fields[1]);
                    }
                    default -> throw invalid("a line starts with p (a permission), g (a group's role) or #");
                }
            } catch (TrebuchetException e) {
                problems.add("line %d: %s".formatted(number, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_RBAC_POLICY,
                    "the RBAC policy is invalid: " + String.join("; ", problems),
                    Map.of("problems", problems));
        }
        return new RbacPolicy(permissions, groupRoles);
    }

    private static Permission permission(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 6 || !fields[0].equals("p")) {
            throw invalid("a permission has 6 fields: p, role:<role>, <Action>, <group>:<environment>, <application>,"
                    + " allow; got " + fields.length);
        }
        String role = role(fields[1]);
        Action action = Action.fromPolicyName(fields[2]).orElseThrow(() -> Action.unknown(fields[2]));
        String[] place = fields[3].split(":", -1);
        if (place.length != 2) {
            throw invalid("the environment is written <group>:<environment> (either may be *), got '%s'"
                    .formatted(fields[3]));
        }
        String group = place[0];
        String environment = place[1];
        String application = fields[4];
        if (!fields[5].equals("allow")) {
            throw invalid("only allow lines grant anything ('%s' would be ignored, as Kuberpult ignores it): remove"
                            .formatted(fields[5])
                    + " the line");
        }
        check(group, "group", GroupName::of);
        check(environment, "environment", EnvName::of);
        check(application, "application", AppName::of);
        switch (action.reach()) {
            case ENVIRONMENT -> {}
            case APPLICATION -> {
                if (!environment.equals(Permission.ANY)) {
                    throw invalid("%s does not depend on an environment: write %s:* instead of %s"
                            .formatted(action, group, fields[3]));
                }
            }
            case GLOBAL -> {
                if (!group.equals(Permission.ANY)
                        || !environment.equals(Permission.ANY)
                        || !application.equals(Permission.ANY)) {
                    throw invalid("%s applies to the whole installation: write *:* and *".formatted(action));
                }
            }
        }
        return new Permission(role, action, group, environment, application);
    }

    private static String[] group(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3 || !fields[0].equals("g") || fields[1].isEmpty()) {
            throw invalid("a group's role has 3 fields: g, <group>, role:<role>");
        }
        return new String[] {fields[1], role(fields[2])};
    }

    private static String role(String field) {
        if (!field.startsWith("role:") || field.length() == "role:".length()) {
            throw invalid("a role is written role:<name>, got '%s'".formatted(field));
        }
        return field.substring("role:".length());
    }

    private static void check(String value, String what, java.util.function.Function<String, ?> parse) {
        if (value.equals(Permission.ANY)) {
            return;
        }
        try {
            var unused = parse.apply(value);
        } catch (TrebuchetException e) {
            throw invalid("invalid %s '%s'".formatted(what, value));
        }
    }

    private static TrebuchetException invalid(String message) {
        return new TrebuchetException(ErrorCode.INVALID_RBAC_POLICY, message);
    }

    /** The roles that the {@code g} lines give to any of {@code names} (groups, or a person's email). */
    public Set<String> rolesOf(Set<String> names) {
        Set<String> roles = new LinkedHashSet<>();
        names.forEach(name -> roles.addAll(groupRoles.getOrDefault(name, Set.of())));
        return roles;
    }

    /**
     * Whether one of {@code roles} may do {@code action} there; as Kuberpult checks it, each of group, environment and
     * application matches its own name or {@code *} in the policy, nothing else (no patterns).
     */
    public boolean allows(Set<String> roles, Action action, String group, String environment, String application) {
        for (String role : roles) {
            for (String policyGroup : List.of(group, Permission.ANY)) {
                for (String policyEnvironment : List.of(environment, Permission.ANY)) {
                    for (String policyApplication : List.of(application, Permission.ANY)) {
                        if (permissions.contains(
                                new Permission(role, action, policyGroup, policyEnvironment, policyApplication))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
