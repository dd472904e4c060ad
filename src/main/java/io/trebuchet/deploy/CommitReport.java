package io.trebuchet.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a source commit is deployed: for each application with a release built from it, the first such release and,
 * per environment that release has a manifest for, whether the commit runs there.
 */
public record CommitReport(String commit, List<ApplicationProgress> applications) {
    public CommitReport {
        requireNonNull(commit, "commit is null");
        applications = List.copyOf(applications);
    }

    /** One application: the first release built from the commit, and the commit's state in each environment. */
    public record ApplicationProgress(
            AppName application, Version version, String sourceCommitId, List<EnvironmentProgress> environments) {
        public ApplicationProgress {
            requireNonNull(application, "application is null");
            requireNonNull(version, "version is null");
            requireNonNull(sourceCommitId, "sourceCommitId is null");
            environments = List.copyOf(environments);
        }
    }

    /** The commit's state in one environment, and the version that runs there if any. */
    public record EnvironmentProgress(EnvName environment, CommitState status, Optional<Version> deployedVersion) {
        public EnvironmentProgress {
            requireNonNull(environment, "environment is null");
            requireNonNull(status, "status is null");
            requireNonNull(deployedVersion, "deployedVersion is null");
        }
    }

    /**
     * {@code DEPLOYED}: the environment runs the commit's release or a newer one; {@code PENDING}: it runs an older
     * one; {@code UNKNOWN}: the application does not run there.
     */
    public enum CommitState {
        DEPLOYED,
        PENDING,
        UNKNOWN;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
