package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request proved to be: an API token, a bearer JWT of the configured OIDC issuer, or a web session after OIDC
 * sign-in. {@code groups} come from the provider's group claim and map to roles through the policy's {@code g} lines;
 * {@code roles} are given directly (an API token's). {@code teams}, when present, limit the identity to those teams
 * (an API token scoped to a team) instead of the team permissions file.
 */
public record Identity(
        Kind kind,
        String subject,
        String name,
        Optional<String> email,
        Set<String> groups,
        Set<String> roles,
        Optional<Set<String>> teams) {

    public enum Kind {
        /** An API token created by an administrator. */
        TOKEN,
        /** A JWT of the configured issuer, sent as a bearer token (CI, {@code trebuchet login}). */
        BEARER,
        /** A person signed in to the web UI. */
        SESSION,
        /** The bootstrap token from the server's configuration: may do everything, to create the first tokens. */
        BOOTSTRAP
    }

    public Identity {
        requireNonNull(kind, "kind is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        groups = Set.copyOf(requireNonNull(groups, "groups is null"));
        roles = Set.copyOf(requireNonNull(roles, "roles is null"));
        teams = requireNonNull(teams, "teams is null").map(Set::copyOf);
    }

    /** The actor of the changes this identity makes: events, history and git commits name it. */
    public Actor actor() {
        String shownName = clean(name.isBlank() ? subject : name);
        String shownEmail = email.map(Identity::clean)
                .filter(value -> value.contains("@"))
                .orElseGet(() -> switch (kind) {
                    case TOKEN -> "token-" + clean(subject) + "@tokens.trebuchet.invalid";
                    case BOOTSTRAP -> "bootstrap@trebuchet.invalid";
                    case BEARER, SESSION -> clean(subject).replace('@', '_') + "@oidc.trebuchet.invalid";
                });
        return new Actor(shownName, shownEmail);
    }

    /** A name or email as an actor can carry it: visible characters, no angle brackets, at most 200 characters. */
    private static String clean(String value) {
        StringBuilder cleaned = new StringBuilder();
        value.codePoints()
                .filter(c -> c >= 0x20 && c != 0x7f && c != '<' && c != '>' && !Character.isISOControl(c))
                .limit(200)
                .forEach(cleaned::appendCodePoint);
        String result = cleaned.toString().strip();
        return result.isEmpty() ? "unnamed" : result;
    }

    /** How the identity is shown to people: its name and, for people, the email. */
    public String describe() {
        return switch (kind) {
            case TOKEN -> "API token '" + name + "'";
            case BOOTSTRAP -> "the bootstrap token";
            case BEARER, SESSION ->
                email.map(value -> name + " <" + value + ">").orElse(name);
        };
    }
}
