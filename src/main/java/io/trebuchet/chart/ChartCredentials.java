package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * How the server signs in to one chart source ({@code serve --chart-credentials HOST=USERNAME:PASSWORD_FILE}): a
 * user name, and the file the password (or access token) is read from at each fetch, so that it can be a mounted
 * Kubernetes secret, is rotated without a restart, and is kept in no table, event, log, answer or commit.
 */
public record ChartCredentials(String username, Path passwordFile) {
    public ChartCredentials {
        requireNonNull(username, "username is null");
        requireNonNull(passwordFile, "passwordFile is null");
        if (username.isBlank() || username.contains(":")) {
            throw new IllegalArgumentException("a chart source's user name must not be empty or hold ':'");
        }
        if (!passwordFile.isAbsolute()) {
            throw new IllegalArgumentException("a chart source's password file must be an absolute path");
        }
    }

    /** The {@code Authorization} header of HTTP basic authentication, with the password as the file holds it now. */
    String basicHeader(String host) {
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // The path is configuration, not a secret; the content never reaches a message.
            throw new TrebuchetException(
                    ErrorCode.CHART_NOT_FOUND,
                    "the password file of the credentials for %s cannot be read: %s"
                            .formatted(host, e.getClass().getSimpleName()),
                    Map.of("host", host));
        }
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ChartCredentials[username=" + username + ", passwordFile=" + passwordFile + "]";
    }
}
