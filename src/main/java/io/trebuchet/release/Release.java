package io.trebuchet.release;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An immutable version of one application, with the manifest for each environment it can run in. */
public record Release(
        AppName application,
        Version version,
        Map<EnvName, Manifest> manifests,
        Optional<TeamName> team,
        Optional<String> sourceCommitId,
        Optional<String> sourceAuthor,
        Optional<String> sourceMessage,
        Optional<String> displayVersion,
        Optional<String> ciLink,
        Instant createdAt,
        Actor createdBy) {
    public Release {
        requireNonNull(application, "application is null");
        requireNonNull(version, "version is null");
        manifests = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(manifests, "manifests is null")));
        requireNonNull(team, "team is null");
        requireNonNull(sourceCommitId, "sourceCommitId is null");
        requireNonNull(sourceAuthor, "sourceAuthor is null");
        requireNonNull(sourceMessage, "sourceMessage is null");
        requireNonNull(displayVersion, "displayVersion is null");
        requireNonNull(ciLink, "ciLink is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(createdBy, "createdBy is null");
    }

    public boolean hasManifestFor(EnvName environment) {
        return manifests.containsKey(environment);
    }

    /**
     * The first field in which {@code request} asks for something other than this release, in the names of the
     * multipart form; empty when posting it again would change nothing. Upload metadata (CI link, signatures, team)
     * is not part of the release's identity.
     */
    public Optional<String> firstDifference(ReleaseRequest request) {
        if (!manifests.keySet().equals(request.manifests().keySet())) {
            return Optional.of("manifests");
        }
        for (Map.Entry<EnvName, Manifest> entry : manifests.entrySet()) {
            if (!entry.getValue()
                    .content()
                    .equals(request.manifests().get(entry.getKey()).content())) {
                return Optional.of("manifests[" + entry.getKey() + "]");
            }
        }
        if (!sourceCommitId.equals(request.sourceCommitId())) {
            return Optional.of("source_commit_id");
        }
        if (!sourceAuthor.equals(request.sourceAuthor())) {
            return Optional.of("source_author");
        }
        if (!sourceMessage.equals(request.sourceMessage())) {
            return Optional.of("source_message");
        }
        if (!displayVersion.equals(request.displayVersion())) {
            return Optional.of("display_version");
        }
        return Optional.empty();
    }
}
