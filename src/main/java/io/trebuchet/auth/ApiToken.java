package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** An API token as it is listed: everything but the token itself, which only its creator saw, once. */
public record ApiToken(
        long id,
        String name,
        Set<String> roles,
        Optional<Set<String>> teams,
        String createdBy,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt) {
    public ApiToken {
        requireNonNull(name, "name is null");
        roles = Set.copyOf(roles);
        teams = requireNonNull(teams, "teams is null").map(Set::copyOf);
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(lastUsedAt, "lastUsedAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    /** Whether the token signs anyone in at {@code now}: not revoked and not expired. */
    public boolean active(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    Identity identity() {
        return new Identity(Identity.Kind.TOKEN, Long.toString(id), name, Optional.empty(), Set.of(), roles, teams);
    }
}
