package io.trebuchet.overview;

import static java.util.Objects.requireNonNull;

import io.trebuchet.audit.EventLog;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.release.Application;
import io.trebuchet.store.Database;
import io.trebuchet.store.Rows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Builds the {@link Overview} from one snapshot of the store, with two queries whatever the number of applications
 * and environments.
 */
public final class OverviewService {
    private final Database database;
    private final EnvironmentService environments;
    private final EventLog events;

    public OverviewService(Database database, EnvironmentService environments, EventLog events) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.events = requireNonNull(events, "events is null");
    }

    public Overview overview() {
        return database.inSnapshot(transaction -> overview(transaction.handle()));
    }

    private Overview overview(Handle handle) {
        long lastEventId = events.lastId(handle);
        List<Environment> ordered = environments.list(handle);
        Map<EnvName, Environment> byName =
                ordered.stream().collect(Collectors.toMap(Environment::name, environment -> environment));
        List<Overview.Group> groups = environments.graph(handle).groupsInUpstreamOrder().entrySet().stream()
                .map(group -> new Overview.Group(
                        group.getKey(),
                        group.getValue().stream()
                                .map(name -> new Overview.Environment(
                                        name, byName.get(name).config().upstream()))
                                .toList()))
                .toList();

        return new Overview(lastEventId, groups, applications(handle, Optional.empty()));
    }

    /** One application as a row of the overview. */
    public Overview.Application application(AppName name) {
        return database.inSnapshot(transaction -> applications(transaction.handle(), Optional.of(name)).stream()
                .findFirst()
                .orElseThrow(() -> Application.notFound(name)));
    }

    private static List<Overview.Application> applications(Handle handle, Optional<AppName> only) {
        Map<AppName, Map<EnvName, Overview.Cell>> cells = new HashMap<>();
        handle.createQuery("""
                        select d.application, d.environment, d.version, d.deployed_at, d.actor_name, d.actor_email,
                            d.reason, r.display_version
                        from deployments d
                        join releases r on r.application = d.application and r.version = d.version
                        """ + (only.isPresent() ? " where d.application = :application" : ""))
                .bind("application", only.map(AppName::value).orElse(null))
                .map((row, ctx) -> Map.entry(
                        new AppName(row.getString("application")),
                        Map.entry(
                                new EnvName(row.getString("environment")),
                                new Overview.Cell(
                                        new Version(row.getLong("version")),
                                        Rows.optionalString(row, "display_version"),
                                        Rows.instant(row, "deployed_at"),
                                        new Actor(row.getString("actor_name"), row.getString("actor_email")),
                                        row.getString("reason")))))
                .forEach(entry -> cells.computeIfAbsent(entry.getKey(), ignored -> new LinkedHashMap<>())
                        .put(entry.getValue().getKey(), entry.getValue().getValue()));

        List<Overview.Application> applications = new ArrayList<>();
        handle.createQuery("""
                        select a.name, a.team, max(r.version) as latest
                        from applications a left join releases r on r.application = a.name
                        """
                        + (only.isPresent() ? " where a.name = :application" : "")
                        + " group by a.name, a.team order by a.name")
                .bind("application", only.map(AppName::value).orElse(null))
                .map((row, ctx) -> {
                    AppName name = new AppName(row.getString("name"));
                    return new Overview.Application(
                            name,
                            Rows.optionalString(row, "team").map(TeamName::new),
                            Rows.optionalLong(row, "latest").map(Version::new),
                            cells.getOrDefault(name, Map.of()));
                })
                .forEach(applications::add);
        return applications;
    }
}
