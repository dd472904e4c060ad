package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.EnvironmentConfig;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a Kuberpult manifest repository holds, in Trebuchet's terms: the environments, the applications' teams, the
 * releases (from the legacy {@code applications/<app>/releases/<version>} directories, or made up from what runs
 * where when the repository has no release history), the current deployments, the locks, the queued versions, and
 * what was not imported, each with its reason, so that nothing is dropped without a word.
 */
public record KuberpultImport(
        SortedMap<EnvName, EnvironmentConfig> environments,
        SortedMap<AppName, Optional<TeamName>> teams,
        List<Release> releases,
        List<Deployment> deployments,
        List<Lock> locks,
        List<Queued> queued,
        List<String> notImported) {
    public KuberpultImport {
        environments = Collections.unmodifiableSortedMap(new TreeMap<>(environments));
        teams = Collections.unmodifiableSortedMap(new TreeMap<>(teams));
        releases = List.copyOf(releases);
        deployments = List.copyOf(deployments);
        locks = List.copyOf(locks);
        queued = List.copyOf(queued);
        notImported = List.copyOf(notImported);
    }

    /**
     * Who changed something, and when: from the files Kuberpult wrote beside it, or else from the git commit that last
     * changed it.
     */
    public record Change(Optional<Actor> author, Optional<Instant> at, Optional<String> commitMessage) {
        public static final Change UNKNOWN = new Change(Optional.empty(), Optional.empty(), Optional.empty());

        public Change {
            requireNonNull(author, "author is null");
            requireNonNull(at, "at is null");
            requireNonNull(commitMessage, "commitMessage is null");
        }

        public Change(Optional<Actor> author, Optional<Instant> at) {
            this(author, at, Optional.empty());
        }

        /** This change, completed from {@code other} where this one says nothing. */
        Change or(Change other) {
            return new Change(author.or(other::author), at.or(other::at), commitMessage.or(other::commitMessage));
        }
    }

    /** A release found in (or made up from) the repository. */
    public record Release(
            AppName application,
            Version version,
            SortedMap<EnvName, String> manifests,
            Optional<String> sourceCommitId,
            Optional<String> sourceAuthor,
            Optional<String> sourceMessage,
            Optional<String> displayVersion,
            Optional<Instant> createdAt) {
        public Release {
            requireNonNull(application, "application is null");
            requireNonNull(version, "version is null");
            manifests = Collections.unmodifiableSortedMap(new TreeMap<>(manifests));
            requireNonNull(sourceCommitId, "sourceCommitId is null");
            requireNonNull(sourceAuthor, "sourceAuthor is null");
            requireNonNull(sourceMessage, "sourceMessage is null");
            requireNonNull(displayVersion, "displayVersion is null");
            requireNonNull(createdAt, "createdAt is null");
        }

        static Release of(AppName application, Version version, Map<EnvName, String> manifests, Optional<Instant> at) {
            return new Release(
                    application,
                    version,
                    new TreeMap<>(manifests),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("Imported from Kuberpult"),
                    Optional.empty(),
                    at);
        }
    }

    /** The version of an application that runs in an environment, and who put it there and when. */
    public record Deployment(AppName application, EnvName environment, Version version, Change deployed) {
        public Deployment {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(version, "version is null");
            requireNonNull(deployed, "deployed is null");
        }
    }

    /** What a Kuberpult lock covers: an environment, an application in it, or a team's applications in it. */
    public enum LockKind {
        ENVIRONMENT,
        APPLICATION,
        TEAM
    }

    /** A lock, with who created it and when. */
    public record Lock(
            LockKind kind,
            EnvName environment,
            Optional<AppName> application,
            Optional<TeamName> team,
            String id,
            String message,
            Change created) {
        public Lock {
            requireNonNull(kind, "kind is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(application, "application is null");
            requireNonNull(team, "team is null");
            requireNonNull(id, "id is null");
            requireNonNull(message, "message is null");
            requireNonNull(created, "created is null");
        }

        public String describe() {
            return switch (kind) {
                case ENVIRONMENT -> "environment lock %s in %s".formatted(id, environment);
                case APPLICATION ->
                    "application lock %s on %s in %s".formatted(id, application.orElseThrow(), environment);
                case TEAM -> "team lock %s on %s in %s".formatted(id, team.orElseThrow(), environment);
            };
        }
    }

    /** A version waiting to be deployed (Kuberpult's {@code queued_version}), and when it was queued. */
    public record Queued(AppName application, EnvName environment, Version version, Change queued) {
        public Queued {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(version, "version is null");
            requireNonNull(queued, "queued is null");
        }
    }
}
