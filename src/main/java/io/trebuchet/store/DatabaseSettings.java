package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Optional;

/** A PostgreSQL database reached by its JDBC URL, and the credentials for it. */
public record DatabaseSettings(String url, Optional<String> user, Optional<String> password, int maxPoolSize)
        implements StoreSettings {
    public DatabaseSettings {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "database URL must start with jdbc:postgresql: (leave it out for the embedded store in the data"
                            + " directory)");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be positive");
        }
    }

    public static DatabaseSettings postgres(String url, Optional<String> user, Optional<String> password) {
        return new DatabaseSettings(url, user, password, 16);
    }

    @Override
    public Backend backend() {
        return Backend.POSTGRESQL;
    }

    @Override
    public String describe() {
        return redactedUrl();
    }

    /** The URL without credentials that may be embedded in it, for logs. */
    public String redactedUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
