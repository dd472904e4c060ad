package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import io.trebuchet.core.VisibleText;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A release as CI announces it. The constructor checks everything that needs no database: the fields' formats, that
 * there is at least one manifest, and that each manifest is YAML a cluster can take.
 */
public record ReleaseRequest(
        AppName application,
        Optional<Version> version,
        Map<EnvName, Manifest> manifests,
        Optional<TeamName> team,
        Optional<String> sourceCommitId,
        Optional<String> sourceAuthor,
        Optional<String> sourceMessage,
        Optional<String> displayVersion,
        Optional<String> ciLink) {
    public static final int MAX_DISPLAY_VERSION = 15;
    public static final int MAX_SOURCE_AUTHOR = 1024;
    public static final int MAX_SOURCE_MESSAGE = 65_536;
    public static final int MAX_CI_LINK = 2048;
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{7,40}");

    public ReleaseRequest {
        requireNonNull(application, "application is null");
        requireNonNull(version, "version is null");
        requireNonNull(manifests, "manifests is null");
        requireNonNull(team, "team is null");
        sourceCommitId =
                requireNonNull(sourceCommitId, "sourceCommitId is null").map(commit -> commit.toLowerCase(Locale.ROOT));
        requireNonNull(sourceAuthor, "sourceAuthor is null");
        requireNonNull(sourceMessage, "sourceMessage is null");
        requireNonNull(displayVersion, "displayVersion is null");
        requireNonNull(ciLink, "ciLink is null");
        if (manifests.isEmpty()) {
            throw new TrebuchetException(
                    ErrorCode.MISSING_MANIFEST,
                    "a release needs at least one manifest, sent as manifests[<environment>]");
        }
        manifests = Collections.unmodifiableMap(new TreeMap<>(manifests));
        manifests.forEach((environment, manifest) -> ManifestCheck.check(environment, manifest.content()));
        sourceCommitId.ifPresent(commit -> {
            if (!COMMIT_ID.matcher(commit).matches()) {
                throw invalid(
                        "source_commit_id",
                        "must be 7 to 40 hexadecimal characters (a git commit id), got '%s'"
                                .formatted(shorten(commit)));
            }
        });
        sourceAuthor.ifPresent(author -> {
            limit("source_author", author, MAX_SOURCE_AUTHOR);
            VisibleText.line(author, ErrorCode.INVALID_REQUEST, "source_author");
        });
        sourceMessage.ifPresent(message -> {
            limit("source_message", message, MAX_SOURCE_MESSAGE);
            VisibleText.lines(message, ErrorCode.INVALID_REQUEST, "source_message");
        });
        displayVersion.ifPresent(display -> {
            if (display.isEmpty() || display.length() > MAX_DISPLAY_VERSION) {
                throw invalid(
                        "display_version",
                        "must be 1 to %d characters long, got %d".formatted(MAX_DISPLAY_VERSION, display.length()));
            }
            VisibleText.line(display, ErrorCode.INVALID_REQUEST, "display_version");
        });
        ciLink.ifPresent(link -> {
            limit("ci_link", link, MAX_CI_LINK);
            VisibleText.line(link, ErrorCode.INVALID_REQUEST, "ci_link");
            if (!link.startsWith("https://") && !link.startsWith("http://")) {
                throw invalid("ci_link", "must be an http(s) URL, got '%s'".formatted(shorten(link)));
            }
        });
    }

    private static void limit(String field, String value, int max) {
        if (value.length() > max) {
            throw invalid(field, "is %d characters long; at most %d are allowed".formatted(value.length(), max));
        }
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_REQUEST, field + " " + message, Map.of("field", field));
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
