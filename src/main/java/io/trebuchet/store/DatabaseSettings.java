package io.trebuchet.store;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.nio.file.Path;
import java.util.Optional;

/** Where the store lives: a JDBC URL (H2 file or PostgreSQL) and the credentials for it. */
public record DatabaseSettings(String url, Optional<String> user, Optional<String> password, int maxPoolSize) {
    public DatabaseSettings {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "database URL must start with jdbc:postgresql: (or jdbc:h2: for the embedded store)");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be positive");
        }
    }

    /**
     * The embedded default: an H2 file database in PostgreSQL mode under {@code dataDirectory}.
     *
     * <p>{@code ANALYZE_AUTO=0}: H2's automatic statistics read a table's first 1,000 rows. A fleet's first releases are
     * every application's first one, so H2 concluded that an application has one release and looked releases up by
     * application alone (its foreign key index) instead of by primary key, reading every release of the application for
     * each lookup: the overview grew with history. H2's default statistics keep the primary key.
     *
     * <p>{@code WRITE_DELAY=0}: H2 writes each commit to its file as it happens, instead of up to half a second later;
     * without it, a killed process lost commits it had acknowledged. {@link Database} then puts them on disk before
     * they are acknowledged (see docs/adr/0009-durable-embedded-store.md).
     */
    public static DatabaseSettings embedded(Path dataDirectory) {
        String file = dataDirectory.toAbsolutePath().resolve("trebuchet").toString();
        return new DatabaseSettings(
                "jdbc:h2:file:" + file
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                        + ";ANALYZE_AUTO=0",
                Optional.of("sa"),
                Optional.of(""),
                16);
    }

    public static DatabaseSettings postgres(String url, Optional<String> user, Optional<String> password) {
        return new DatabaseSettings(url, user, password, 16);
    }

    public Backend backend() {
        return url.startsWith("jdbc:h2:") ? Backend.H2 : Backend.POSTGRESQL;
    }

    /** The URL without credentials that may be embedded in it, for logs. */
    public String redactedUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    public enum Backend {
        H2,
        POSTGRESQL
    }
}
