package io.trebuchet.gitexport;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to authenticate to the manifest repository: a user name and password (or token) for https, a private key (and
 * known hosts) for ssh, or nothing for file:// and unauthenticated remotes. Never logged.
 */
public record RemoteCredentials(
        Optional<String> username, Optional<String> password, Optional<Path> sshKey, Optional<Path> knownHosts) {
    /** The user name sent with a token when none is given; GitHub, GitLab and Gitea accept any with a token. */
    public static final String TOKEN_USERNAME = "x-access-token";

    public RemoteCredentials {
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(sshKey, "sshKey is null");
        requireNonNull(knownHosts, "knownHosts is null");
        if (username.isPresent() && password.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST, "a manifest repository user name needs a password or token");
        }
    }

    public static RemoteCredentials none() {
        return new RemoteCredentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static RemoteCredentials basic(String username, String password) {
        return new RemoteCredentials(Optional.of(username), Optional.of(password), Optional.empty(), Optional.empty());
    }

    public static RemoteCredentials token(String token) {
        return basic(TOKEN_USERNAME, token);
    }

    /**
     * What an https remote is given: nothing without a password; a token (with {@link #TOKEN_USERNAME}) without a user
     * name; else user name and password. Blank values count as absent.
     */
    public static RemoteCredentials https(Optional<String> username, Optional<String> password) {
        Optional<String> secret = password.filter(value -> !value.isBlank());
        if (secret.isEmpty()) {
            return none();
        }
        return username.filter(value -> !value.isBlank())
                .map(user -> basic(user, secret.get()))
                .orElseGet(() -> token(secret.get()));
    }

    public static RemoteCredentials ssh(Path key, Optional<Path> knownHosts) {
        return new RemoteCredentials(Optional.empty(), Optional.empty(), Optional.of(key), knownHosts);
    }

    @Override
    public String toString() {
        // Keeps secrets out of logs and exception messages.
        return "RemoteCredentials[username=%s, password=%s, sshKey=%s, knownHosts=%s]"
                .formatted(username, password.map(ignored -> "***"), sshKey, knownHosts);
    }
}
