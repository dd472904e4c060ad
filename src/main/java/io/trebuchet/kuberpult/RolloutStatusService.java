package io.trebuchet.kuberpult;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.application.ApplicationService;
import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventLog;
import io.trebuchet.audit.EventQuery;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.gitexport.ExportStatus;
import io.trebuchet.store.Database;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Kuberpult's {@code /environment-groups/{group}/rollout-status} and {@code /api/process-delay}: how far what was
 * decided has reached the manifest repository. Loads the group's deployments and the events the repository does not
 * hold yet, then {@link RolloutStatus#decide}s.
 */
public final class RolloutStatusService {
    private final Database database;
    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final DeployService deploys;
    private final EventLog events;
    private final Supplier<ExportStatus> export;

    public RolloutStatusService(
            Database database,
            EnvironmentService environments,
            ApplicationService applications,
            DeployService deploys,
            EventLog events,
            Supplier<ExportStatus> export) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.applications = requireNonNull(applications, "applications is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.events = requireNonNull(events, "events is null");
        this.export = requireNonNull(export, "export is null");
    }

    /** The rollout status of a group's applications, of one team's when {@code team} is given. */
    RolloutStatus.Answer status(GroupName group, Optional<TeamName> team) {
        ExportStatus exported = export.get();
        return database.read(handle -> {
            Set<EnvName> members = environments.list(handle).stream()
                    .filter(environment ->
                            environment.config().group(environment.name()).equals(group))
                    .map(Environment::name)
                    .collect(Collectors.toSet());
            Map<AppName, Optional<TeamName>> teams =
                    applications.list(handle).stream().collect(Collectors.toMap(Application::name, Application::team));
            List<RolloutStatus.Deployed> deployed = deploys.all(handle).stream()
                    .filter(deployment -> members.contains(deployment.environment()))
                    .filter(deployment -> team.isEmpty()
                            || teams.getOrDefault(deployment.application(), Optional.empty())
                                    .equals(team))
                    .map(deployment -> new RolloutStatus.Deployed(deployment.application(), deployment.environment()))
                    .toList();
            Set<EnvName> pendingEnvironments = new HashSet<>();
            Set<RolloutStatus.Deployed> pending = new HashSet<>();
            for (Event event : notExported(handle, exported.cursorEventId())) {
                event.environment()
                        .filter(members::contains)
                        .ifPresent(environment -> event.application()
                                .map(application -> new RolloutStatus.Deployed(application, environment))
                                .ifPresentOrElse(pending::add, () -> pendingEnvironments.add(environment)));
            }
            return RolloutStatus.decide(
                    deployed, pendingEnvironments, pending, exported.state() == ExportStatus.State.HALTED);
        });
    }

    /** Kuberpult's process delay: events the manifest repository does not hold yet, and how old the oldest is. */
    ProcessDelay processDelay() {
        ExportStatus exported = export.get();
        return new ProcessDelay(exported.eventsBehind(), exported.secondsBehind());
    }

    /** Kuberpult's {@code ProcessDelayRestResponse}, with its field names. */
    record ProcessDelay(long unprocessedEvents, double delaySeconds) {
        Map<String, Object> body() {
            return Map.of("unprocessed_events", unprocessedEvents, "delay_seconds", delaySeconds);
        }
    }

    private List<Event> notExported(Handle handle, long cursor) {
        List<Event> all = new java.util.ArrayList<>();
        long after = cursor;
        while (true) {
            List<Event> page = events.list(
                    handle,
                    new EventQuery(after, EventQuery.MAX_LIMIT, Optional.empty(), Optional.empty(), Optional.empty()));
            all.addAll(page);
            if (page.size() < EventQuery.MAX_LIMIT) {
                return all;
            }
            after = page.getLast().id();
        }
    }
}
