package io.trebuchet.overview;

import static java.util.Objects.requireNonNull;

import io.trebuchet.application.Application;
import io.trebuchet.audit.EventLog;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.DeployService;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Environment;
import io.trebuchet.environment.EnvironmentService;
import io.trebuchet.freeze.FreezeCalendar;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockView;
import io.trebuchet.policy.Violation;
import io.trebuchet.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Builds the {@link Overview} from one snapshot of the store, with a fixed number of queries whatever the number of
 * applications and environments.
 */
public final class OverviewService {
    private final Database database;
    private final EnvironmentService environments;
    private final LockService locks;
    private final DeployService deploys;
    private final EventLog events;
    private final Clock clock;
    private final OverviewStore store = new OverviewStore();

    public OverviewService(
            Database database,
            EnvironmentService environments,
            LockService locks,
            DeployService deploys,
            EventLog events,
            Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.deploys = requireNonNull(deploys, "deploys is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Overview overview() {
        return database.inSnapshot(transaction -> overview(transaction.handle()));
    }

    /** The newest event's id: one row read, what a page that polls for changes compares with its own. */
    public long lastEventId() {
        return database.read(events::lastId);
    }

    /** One application as a row of the overview. */
    public Overview.Application application(AppName name) {
        return database.inSnapshot(transaction -> new Snapshot(transaction.handle(), Optional.of(name))
                .applications().stream().findFirst().orElseThrow(() -> Application.notFound(name)));
    }

    private Overview overview(Handle handle) {
        long lastEventId = events.lastId(handle);
        Snapshot snapshot = new Snapshot(handle, Optional.empty());
        Instant now = snapshot.now;
        List<Overview.Group> groups = environments.graph(handle).groupsInUpstreamOrder().entrySet().stream()
                .map(group -> new Overview.Group(
                        group.getKey(),
                        group.getValue().stream()
                                .map(name -> {
                                    Environment environment = snapshot.environments.get(name);
                                    List<Lock> environmentLocks = snapshot.locksIn(name);
                                    return new Overview.Environment(
                                            name,
                                            environment.config().upstream(),
                                            environmentLocks.stream()
                                                    .filter(lock -> lock.kind() != LockKind.APPLICATION)
                                                    .map(lock -> LockService.view(lock, now))
                                                    .toList(),
                                            FreezeCalendar.check(
                                                    environment.config().freezeWindows(), now),
                                            Warnings.forEnvironment(environmentLocks, now));
                                })
                                .toList()))
                .toList();
        return new Overview(lastEventId, groups, snapshot.applications());
    }

    /** What one overview read sees: environments, locks, queued versions, holds and deployments, read once. */
    private final class Snapshot {
        private final Handle handle;
        private final Optional<AppName> only;
        private final Instant now = clock.instant();
        private final Map<EnvName, Environment> environments;
        private final Map<EnvName, List<Lock>> locksByEnvironment;
        private final Map<AppName, Map<EnvName, QueuedVersion>> queued = new HashMap<>();
        private final Map<AppName, Map<EnvName, Hold>> holds = new HashMap<>();

        Snapshot(Handle handle, Optional<AppName> only) {
            this.handle = handle;
            this.only = only;
            this.environments = OverviewService.this.environments.list(handle).stream()
                    .collect(Collectors.toMap(Environment::name, environment -> environment));
            this.locksByEnvironment = locks.all(handle).stream().collect(Collectors.groupingBy(Lock::environment));
            deploys.queued(handle).stream()
                    .filter(version -> only.map(version.application()::equals).orElse(true))
                    .forEach(version -> queued.computeIfAbsent(version.application(), ignored -> new HashMap<>())
                            .put(version.environment(), version));
            deploys.holds(handle).stream()
                    .filter(hold -> only.map(hold.application()::equals).orElse(true))
                    .forEach(hold -> holds.computeIfAbsent(hold.application(), ignored -> new HashMap<>())
                            .put(hold.environment(), hold));
        }

        List<Lock> locksIn(EnvName environment) {
            return locksByEnvironment.getOrDefault(environment, List.of());
        }

        List<Overview.Application> applications() {
            Map<AppName, Map<EnvName, Overview.Cell>> cells = new HashMap<>();
            Map<AppName, Map<EnvName, List<Violation>>> violations = new HashMap<>();
            store.cells(handle, only).forEach(row -> {
                cells.computeIfAbsent(row.application(), ignored -> new LinkedHashMap<>())
                        .put(row.environment(), row.cell());
                violations
                        .computeIfAbsent(row.application(), ignored -> new HashMap<>())
                        .put(row.environment(), row.violations());
            });

            List<Overview.Application> applications = new ArrayList<>();
            store.rows(handle, only)
                    .forEach(row -> applications.add(row(
                            row,
                            cells.getOrDefault(row.name(), Map.of()),
                            violations.getOrDefault(row.name(), Map.of()))));
            return applications;
        }

        private Overview.Application row(
                OverviewStore.Row row, Map<EnvName, Overview.Cell> cells, Map<EnvName, List<Violation>> violations) {
            Map<EnvName, Version> deployed = new HashMap<>();
            cells.forEach((environment, cell) -> deployed.put(environment, cell.version()));
            Map<EnvName, List<LockView>> locks = new HashMap<>();
            Map<EnvName, List<Warning>> warnings = new HashMap<>();
            for (Environment environment : environments.values()) {
                List<Lock> environmentLocks = locksIn(environment.name());
                List<LockView> covering = environmentLocks.stream()
                        .filter(lock ->
                                lock.application().filter(row.name()::equals).isPresent()
                                        || (row.team().isPresent()
                                                && lock.team().equals(row.team())))
                        .map(lock -> LockService.view(lock, now))
                        .toList();
                if (!covering.isEmpty()) {
                    locks.put(environment.name(), covering);
                }
                List<Warning> cellWarnings = new ArrayList<>(Warnings.forCell(
                        row.name(),
                        row.team(),
                        environment.name(),
                        environment.config().upstream(),
                        deployed,
                        environmentLocks,
                        now));
                cellWarnings.addAll(Warnings.forPolicies(
                        environment.config().policyRules(), violations.getOrDefault(environment.name(), List.of())));
                if (!cellWarnings.isEmpty()) {
                    warnings.put(environment.name(), cellWarnings);
                }
            }
            return new Overview.Application(
                    row.name(),
                    row.team(),
                    row.stack(),
                    row.latest(),
                    cells,
                    queued.getOrDefault(row.name(), Map.of()),
                    locks,
                    warnings,
                    holds.getOrDefault(row.name(), Map.of()));
        }
    }
}
