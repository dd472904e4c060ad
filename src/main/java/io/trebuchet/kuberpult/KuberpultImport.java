package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.EnvironmentConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a Kuberpult manifest repository holds, in Trebuchet's terms: the environments, the applications' teams, the
 * releases (from the legacy {@code applications/<app>/releases/<version>} directories, or made up from what runs
 * where when the repository has no release history), the current deployments, and warnings about what was left out.
 */
public record KuberpultImport(
        SortedMap<EnvName, EnvironmentConfig> environments,
        SortedMap<AppName, Optional<TeamName>> teams,
        List<Release> releases,
        List<Deployment> deployments,
        List<String> warnings) {
    public KuberpultImport {
        environments = Collections.unmodifiableSortedMap(new TreeMap<>(environments));
        teams = Collections.unmodifiableSortedMap(new TreeMap<>(teams));
        releases = List.copyOf(releases);
        deployments = List.copyOf(deployments);
        warnings = List.copyOf(warnings);
    }

    /** A release found in (or made up from) the repository. */
    public record Release(
            AppName application,
            Version version,
            SortedMap<EnvName, String> manifests,
            Optional<String> sourceCommitId,
            Optional<String> sourceAuthor,
            Optional<String> sourceMessage,
            Optional<String> displayVersion) {
        public Release {
            requireNonNull(application, "application is null");
            requireNonNull(version, "version is null");
            manifests = Collections.unmodifiableSortedMap(new TreeMap<>(manifests));
            requireNonNull(sourceCommitId, "sourceCommitId is null");
            requireNonNull(sourceAuthor, "sourceAuthor is null");
            requireNonNull(sourceMessage, "sourceMessage is null");
            requireNonNull(displayVersion, "displayVersion is null");
        }

        static Release of(AppName application, Version version, Map<EnvName, String> manifests) {
            return new Release(
                    application,
                    version,
                    new TreeMap<>(manifests),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("Imported from Kuberpult"),
                    Optional.empty());
        }
    }

    /** The version of an application that runs in an environment, and who put it there if the repository says. */
    public record Deployment(AppName application, EnvName environment, Version version, Optional<Actor> deployedBy) {
        public Deployment {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(version, "version is null");
            requireNonNull(deployedBy, "deployedBy is null");
        }
    }
}
