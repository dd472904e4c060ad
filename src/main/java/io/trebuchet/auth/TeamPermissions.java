package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kuberpult's team permissions: one line per team, {@code <team>,<email> <email> ...}; the team {@code *} stands for
 * every team. Where it is configured, changing an application of a team (its locks, deploys, removal) also needs the
 * person to be in that team; an application without a team needs {@code *}, as in Kuberpult.
 */
public record TeamPermissions(Map<String, Set<String>> teamsByEmail) {
    public static final String ALL_TEAMS = "*";

    public TeamPermissions {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        requireNonNull(teamsByEmail, "teamsByEmail is null")
                .forEach((email, teams) -> copy.put(email, Set.copyOf(teams)));
        teamsByEmail = Map.copyOf(copy);
    }

    public static TeamPermissions parse(String text) {
        Map<String, Set<String>> teamsByEmail = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        String[] lines = requireNonNull(text, "text is null").split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                problems.add("line %d: 2 fields are expected (<team>,<email> <email> ...), got %d"
                        .formatted(number, fields.length));
                continue;
            }
            String team = fields[0].strip();
            if (!team.equals(ALL_TEAMS)) {
                try {
                    TeamName.of(team);
                } catch (TrebuchetException e) {
                    problems.add("line %d: invalid team name '%s'".formatted(number, team));
                    continue;
                }
            }
            if (!seen.add(team)) {
                problems.add("line %d: team %s is listed more than once".formatted(number, team));
                continue;
            }
            for (String email : fields[1].strip().split("\\s+", -1)) {
                if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                    problems.add("line %d: invalid email '%s'".formatted(number, email));
                    continue;
                }
                teamsByEmail
                        .computeIfAbsent(email, ignored -> new LinkedHashSet<>())
                        .add(team);
            }
        }
        if (!problems.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_RBAC_POLICY,
                    "the team permissions are invalid: " + String.join("; ", problems),
                    Map.of("problems", problems));
        }
        return new TeamPermissions(teamsByEmail);
    }

    public Set<String> teamsOf(String email) {
        return teamsByEmail.getOrDefault(email, Set.of());
    }
}
