package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How image automation signs in to a registry. With a bearer-token registry (Docker Hub, GHCR, Harbor,
 * distribution's {@code auth.token}) the client follows the registry's challenge and asks its token service,
 * anonymously or with these credentials.
 */
public sealed interface RegistryCredentials {
    record Anonymous() implements RegistryCredentials {}

    /** A user name and password (or access token used as one). */
    record Basic(String username, String password) implements RegistryCredentials {
        public Basic {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        String header() {
            return "Basic "
                    + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    RegistryCredentials ANONYMOUS = new Anonymous();
}
