package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Kuberpult's environment-group rollout status, as far as Trebuchet can know it. Kuberpult's rollout service watches
 * Argo CD; Trebuchet does not talk to clusters, so it knows only whether each deployment has reached the manifest
 * repository: {@code pending} while it has not, {@code error} while the export is halted, and {@code unknown} once
 * it is there (what Argo CD made of it is Argo CD's to say). Never {@code successful} for an application.
 */
final class RolloutStatus {
    private RolloutStatus() {}

    /** Kuberpult's statuses, most relevant first, as its rollout service ranks them. */
    enum Status {
        ERROR,
        PROGRESSING,
        UNHEALTHY,
        PENDING,
        UNKNOWN,
        SUCCESSFUL;

        @JsonValue
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One deployed application in one environment of the group. */
    record Deployed(AppName application, EnvName environment) {
        Deployed {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
        }
    }

    record ApplicationStatus(AppName application, EnvName environment, Status status) {
        ApplicationStatus {
            requireNonNull(application, "application is null");
            requireNonNull(environment, "environment is null");
            requireNonNull(status, "status is null");
        }
    }

    /** The group's status (the most relevant of its applications', {@code successful} for none) and each one's. */
    record Answer(Status status, List<ApplicationStatus> applications) {
        Answer {
            requireNonNull(status, "status is null");
            applications = List.copyOf(applications);
        }
    }

    /**
     * @param deployed the applications deployed in the group's environments (already filtered by team)
     * @param pendingEnvironments environments with a change the manifest repository does not hold yet that concerns
     *     every application in them (a release train, an environment change)
     * @param pending applications with such a change of their own
     * @param exportHalted whether the export waits for an operator, so that nothing pending will arrive by waiting
     */
    static Answer decide(
            List<Deployed> deployed, Set<EnvName> pendingEnvironments, Set<Deployed> pending, boolean exportHalted) {
        List<ApplicationStatus> statuses = deployed.stream()
                .sorted(Comparator.comparing(Deployed::environment).thenComparing(Deployed::application))
                .map(item -> new ApplicationStatus(
                        item.application(),
                        item.environment(),
                        pendingEnvironments.contains(item.environment()) || pending.contains(item)
                                ? (exportHalted ? Status.ERROR : Status.PENDING)
                                : Status.UNKNOWN))
                .toList();
        Status overall = statuses.stream()
                .map(ApplicationStatus::status)
                .min(Comparator.naturalOrder())
                .orElse(Status.SUCCESSFUL);
        return new Answer(overall, statuses);
    }
}
