package io.trebuchet.auth;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an administrator asks for when creating an API token: a name (lower-case letters, digits and dashes), the
 * roles of the policy it acts with, optionally the teams it is limited to, and optionally an expiry ({@code expiresIn}
 * such as {@code 90d}).
 */
public record TokenRequest(String name, List<String> roles, Optional<List<String>> teams, Optional<String> expiresIn) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:@-]{1,100}");

    public TokenRequest {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 63) {
            throw invalid("name", "a token's name is lower-case letters, digits and dashes, at most 63 characters");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
        teams = teams == null ? Optional.empty() : teams.map(List::copyOf);
        expiresIn = expiresIn == null ? Optional.empty() : expiresIn;
        if (roles.isEmpty()) {
            throw invalid("roles", "a token needs at least one role of the policy (role:<name> in its p lines)");
        }
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw invalid("roles", "invalid role '%s'".formatted(role));
            }
        }
        teams.ifPresent(list -> list.forEach(team -> {
            if (!TeamPermissions.ALL_TEAMS.equals(team)) {
                TeamName.of(team);
            }
        }));
        expiresIn.ifPresent(text -> Durations.parse(text, "expiresIn"));
    }

    Optional<Instant> expiry(Instant now) {
        return expiresIn.map(text -> {
            Duration duration = Durations.parse(text, "expiresIn");
            if (duration.isNegative() || duration.isZero()) {
                throw invalid("expiresIn", "must be positive");
            }
            return now.plus(duration);
        });
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}
