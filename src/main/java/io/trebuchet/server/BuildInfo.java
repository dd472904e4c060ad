package io.trebuchet.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The version Trebuchet was built as and the git commit it was built from, as the build wrote them into {@code
 * build.properties} and {@code commit.properties}. A value the build did not know (run from an IDE's classes, built
 * from a source archive without {@code .git}) reads as {@code unknown}.
 */
public record BuildInfo(String version, String commit, boolean dirty) {
    public static final String UNKNOWN = "unknown";

    public BuildInfo {
        requireNonNull(version, "version is null");
        requireNonNull(commit, "commit is null");
        if (version.isBlank() || commit.isBlank()) {
            throw new IllegalArgumentException("version and commit must not be blank");
        }
    }

    /** The build's own values, read from the class path. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        for (String resource : List.of("build.properties", "commit.properties")) {
            try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return of(properties);
    }

    /** From the properties the build wrote; placeholders it could not fill count as unknown. */
    static BuildInfo of(Properties properties) {
        return new BuildInfo(
                known(properties.getProperty("version")),
                known(properties.getProperty("commit")),
                "true".equals(properties.getProperty("dirty")));
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }

    /** {@code 1.2.0 (commit 0123456789ab)}, with {@code -dirty} when the work tree had uncommitted changes. */
    public String describe() {
        return "%s (commit %s%s)".formatted(version, commit, dirty ? "-dirty" : "");
    }
}
