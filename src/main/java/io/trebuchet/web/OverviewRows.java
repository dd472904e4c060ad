package io.trebuchet.web;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockState;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Overview;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides what one page of the overview shows: the applications that match the filter, in groups when asked (teams
 * or stacks by name, applications without one last), cut into pages so that a thousand applications stay quick to
 * render and to read; every cell with its deployment, its queued version, the locks that cover it and the overview's
 * warnings; every column with the environment's own locks and an active freeze.
 */
final class OverviewRows {
    static final int PAGE_SIZE = 100;
    static final String NO_TEAM = "No team";
    static final String NO_STACK = "No stack";

    private OverviewRows() {}

    static OverviewTable select(Overview overview, OverviewFilter filter, Instant now, int pageSize) {
        return select(overview, filter, now, pageSize, ExportLag.UNKNOWN);
    }

    /** As {@link #select(Overview, OverviewFilter, Instant, int)}, marking deployments the git export has not pushed. */
    static OverviewTable select(Overview overview, OverviewFilter filter, Instant now, int pageSize, ExportLag lag) {
        List<Overview.Environment> environments = overview.environmentGroups().stream()
                .flatMap(group -> group.environments().stream())
                .toList();
        List<OverviewTable.ColumnGroup> columnGroups = overview.environmentGroups().stream()
                .map(group -> new OverviewTable.ColumnGroup(
                        group.name(),
                        group.environments().stream()
                                .map(environment -> column(environment, overview.applications(), now))
                                .toList()))
                .toList();

        List<Overview.Application> matching = overview.applications().stream()
                .filter(application -> filter.name()
                        .map(text -> application.name().value().contains(text))
                        .orElse(true))
                .filter(application -> filter.team()
                        .map(team -> application.team().equals(Optional.of(team)))
                        .orElse(true))
                .filter(application -> filter.stack()
                        .map(stack -> application.stack().equals(Optional.of(stack)))
                        .orElse(true))
                .toList();
        Map<EnvName, Optional<EnvName>> upstreams = new LinkedHashMap<>();
        environments.forEach(environment ->
                upstreams.put(environment.name(), environment.upstream().flatMap(Upstream::environment)));
        Map<OverviewFilter.State, Integer> counts = new EnumMap<>(OverviewFilter.State.class);
        for (OverviewFilter.State state : OverviewFilter.State.values()) {
            counts.put(state, 0);
        }
        int outOfSync = 0;
        List<Overview.Application> shown = new ArrayList<>();
        Map<AppName, Integer> attention = new HashMap<>();
        for (Overview.Application application : matching) {
            Set<OverviewFilter.State> states = states(application, upstreams);
            attention.put(application.name(), states.size());
            states.forEach(state -> counts.merge(state, 1, Integer::sum));
            boolean unsynced = outOfSync(application, upstreams);
            if (unsynced) {
                outOfSync++;
            }
            if (filter.state().map(states::contains).orElse(true) && (!filter.outOfSync() || unsynced)) {
                shown.add(application);
            }
        }
        matching = shown.stream()
                .sorted(order(filter.grouping(), order(filter.sort(), attention)))
                .toList();

        int pages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        int page = Math.min(filter.page(), pages);
        int from = (page - 1) * pageSize;
        int to = Math.min(matching.size(), from + pageSize);
        List<OverviewTable.ColumnGroup> apart = columnGroups;
        List<OverviewTable.Row> rows = matching.subList(from, to).stream()
                .map(application -> row(application, environments, upstreams, now, lag))
                .map(row -> ColumnCollapse.row(row, apart, filter.collapsed()))
                .toList();
        return new OverviewTable(
                ColumnCollapse.groups(columnGroups, filter.collapsed()),
                group(rows, filter.grouping()),
                matching.size(),
                overview.applications().size(),
                page,
                pages,
                matching.isEmpty() ? 0 : from + 1,
                to,
                counts,
                outOfSync);
    }

    /**
     * The triage states of one application: a queued version anywhere, an active application or team lock anywhere,
     * a warning anywhere, an environment behind the one it takes versions from. Environment locks and freezes are not
     * an application's state: the column header shows them once.
     */
    static Set<OverviewFilter.State> states(
            Overview.Application application, Map<EnvName, Optional<EnvName>> upstreams) {
        Set<OverviewFilter.State> states = EnumSet.noneOf(OverviewFilter.State.class);
        if (!application.queued().isEmpty()) {
            states.add(OverviewFilter.State.QUEUED);
        }
        if (application.locks().values().stream()
                .flatMap(List::stream)
                .anyMatch(lock -> lock.state() == LockState.ACTIVE)) {
            states.add(OverviewFilter.State.LOCKED);
        }
        if (application.warnings().values().stream().anyMatch(warnings -> !warnings.isEmpty())) {
            states.add(OverviewFilter.State.WARNINGS);
        }
        if (upstreams.keySet().stream()
                .anyMatch(environment ->
                        behind(application, environment, upstreams).isPresent())) {
            states.add(OverviewFilter.State.BEHIND);
        }
        return states;
    }

    /**
     * Whether an application is out of sync: a version waits somewhere, or some environment runs another version than
     * the environment it takes versions from (where both run one).
     */
    static boolean outOfSync(Overview.Application application, Map<EnvName, Optional<EnvName>> upstreams) {
        if (!application.queued().isEmpty()) {
            return true;
        }
        return upstreams.entrySet().stream()
                .anyMatch(entry -> entry.getValue()
                        .flatMap(upstream ->
                                Optional.ofNullable(application.environments().get(upstream)))
                        .flatMap(upstreamCell -> Optional.ofNullable(
                                        application.environments().get(entry.getKey()))
                                .map(cell -> !cell.version().equals(upstreamCell.version())))
                        .orElse(false));
    }

    /**
     * The upstream environment and its version, when {@code environment} runs an older version than that upstream
     * environment runs.
     */
    static Optional<Behind> behind(
            Overview.Application application, EnvName environment, Map<EnvName, Optional<EnvName>> upstreams) {
        Optional<EnvName> upstream = upstreams.getOrDefault(environment, Optional.empty());
        Overview.Cell cell = application.environments().get(environment);
        if (upstream.isEmpty() || cell == null) {
            return Optional.empty();
        }
        Overview.Cell upstreamCell = application.environments().get(upstream.get());
        if (upstreamCell == null || upstreamCell.version().compareTo(cell.version()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Behind(upstream.get(), upstreamCell.version()));
    }

    /** An environment behind its upstream: the upstream and what runs there. */
    record Behind(EnvName upstream, Version version) {}

    /** Where the application runs a newer version than in the environment's upstream: the upstream and what runs there. */
    static Optional<Ahead> ahead(
            Overview.Application application, EnvName environment, Map<EnvName, Optional<EnvName>> upstreams) {
        Optional<EnvName> upstream = upstreams.getOrDefault(environment, Optional.empty());
        Overview.Cell cell = application.environments().get(environment);
        if (upstream.isEmpty() || cell == null) {
            return Optional.empty();
        }
        Overview.Cell upstreamCell = application.environments().get(upstream.get());
        if (upstreamCell == null || upstreamCell.version().compareTo(cell.version()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Ahead(upstream.get(), upstreamCell.version()));
    }

    /** An environment ahead of its upstream: the upstream and the older version that runs there. */
    record Ahead(EnvName upstream, Version version) {}

    /**
     * The mark of a cell ahead of its upstream. A lock that stops automation here explains the order (a hotfix held in
     * place); the sentence says whether one does, and only an unexplained order is also one of the overview's warnings.
     */
    private static CellNote aheadNote(
            Ahead upstream, Overview.Application application, Overview.Environment environment) {
        boolean locked = environment.locks().stream()
                        .anyMatch(
                                lock -> lock.lock().kind() == LockKind.ENVIRONMENT && lock.state() == LockState.ACTIVE)
                || application.locks().getOrDefault(environment.name(), List.of()).stream()
                        .anyMatch(lock -> lock.state() == LockState.ACTIVE);
        return new CellNote(
                CellNote.Kind.AHEAD,
                "Ahead of %s, which runs version %s; %s."
                        .formatted(
                                upstream.upstream(),
                                upstream.version(),
                                locked ? "a lock here explains it" : "no lock here explains it"));
    }

    /** Every team that has an application, by name. */
    static List<TeamName> teams(Overview overview) {
        return overview.applications().stream()
                .flatMap(application -> application.team().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** Every stack that has an application, by name. */
    static List<StackName> stacks(Overview overview) {
        return overview.applications().stream()
                .flatMap(application -> application.stack().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** Groups in order (teams or stacks by name, applications without one last), each in the order {@code inside}. */
    private static Comparator<Overview.Application> order(
            OverviewFilter.Grouping grouping, Comparator<Overview.Application> inside) {
        return switch (grouping) {
            case NONE -> inside;
            case TEAM ->
                Comparator.comparing(
                                (Overview.Application application) ->
                                        application.team().map(TeamName::value),
                                emptyLast())
                        .thenComparing(inside);
            case STACK ->
                Comparator.comparing(
                                (Overview.Application application) ->
                                        application.stack().map(StackName::value),
                                emptyLast())
                        .thenComparing(inside);
        };
    }

    /**
     * The order inside a group, ties broken by name. {@code attention} holds how many triage states each application
     * is in; never deployed counts as the least recent.
     */
    private static Comparator<Overview.Application> order(OverviewFilter.Sort sort, Map<AppName, Integer> attention) {
        Comparator<Overview.Application> byName = Comparator.comparing(Overview.Application::name);
        return switch (sort) {
            case NAME -> byName;
            case ATTENTION ->
                Comparator.comparing(
                                (Overview.Application application) -> attention.getOrDefault(application.name(), 0))
                        .reversed()
                        .thenComparing(byName);
            case RECENT ->
                Comparator.comparing(OverviewRows::lastDeployed, Comparator.reverseOrder())
                        .thenComparing(byName);
        };
    }

    private static Instant lastDeployed(Overview.Application application) {
        return application.environments().values().stream()
                .map(Overview.Cell::deployedAt)
                .max(Comparator.naturalOrder())
                .orElse(Instant.MIN);
    }

    private static Comparator<Optional<String>> emptyLast() {
        return Comparator.comparing((Optional<String> value) -> value.isEmpty())
                .thenComparing(value -> value.orElse(""));
    }

    private static List<OverviewTable.RowGroup> group(List<OverviewTable.Row> rows, OverviewFilter.Grouping grouping) {
        return switch (grouping) {
            case NONE -> rows.isEmpty() ? List.of() : List.of(new OverviewTable.RowGroup(Optional.empty(), rows));
            case TEAM -> groupBy(rows, row -> row.team().map(TeamName::value).orElse(NO_TEAM));
            case STACK -> groupBy(rows, row -> row.stack().map(StackName::value).orElse(NO_STACK));
        };
    }

    private static List<OverviewTable.RowGroup> groupBy(
            List<OverviewTable.Row> rows, Function<OverviewTable.Row, String> heading) {
        Map<String, List<OverviewTable.Row>> grouped =
                rows.stream().collect(Collectors.groupingBy(heading, LinkedHashMap::new, Collectors.toList()));
        List<OverviewTable.RowGroup> groups = new ArrayList<>();
        grouped.forEach((name, members) -> groups.add(new OverviewTable.RowGroup(Optional.of(name), members)));
        return groups;
    }

    /**
     * An environment's column: its environment locks, the team and application locks that do not act now (expired, or
     * outside their schedule), an active freeze, its warnings. A team or application lock that acts now is shown in
     * the cells it covers instead, not twice; one that does not act stops nothing in a cell, so it is listed here,
     * with the environment's locks, and on the application's page. The team locks come with the environment, the
     * application locks with the applications that have them.
     */
    static OverviewTable.Column column(
            Overview.Environment environment, List<Overview.Application> applications, Instant now) {
        List<CellNote> notes = new ArrayList<>(CellNotes.locks(
                environment.locks().stream()
                        .filter(lock -> lock.lock().kind() == LockKind.ENVIRONMENT)
                        .toList(),
                now));
        Stream<LockView> applicationLocks = applications.stream()
                .flatMap(application -> application.locks().getOrDefault(environment.name(), List.of()).stream())
                .filter(lock -> lock.lock().kind() == LockKind.APPLICATION);
        dormant(
                        Stream.concat(
                                        environment.locks().stream()
                                                .filter(lock -> lock.lock().kind() == LockKind.TEAM),
                                        applicationLocks)
                                .filter(lock -> lock.state() != LockState.ACTIVE)
                                .toList(),
                        now)
                .ifPresent(notes::add);
        environment.freeze().ifPresent(freeze -> notes.add(CellNotes.freeze(freeze, environment.name(), now)));
        notes.addAll(CellNotes.warnings(environment.warnings()));
        return new OverviewTable.Column(
                environment.name(), upstreamText(environment.upstream()), notes, stopped(environment));
    }

    /** The team and application locks that do not act now, as one note that counts them when there are several. */
    private static Optional<CellNote> dormant(List<LockView> locks, Instant now) {
        List<CellNote> notes = CellNotes.locks(locks, now);
        if (notes.size() < 2) {
            return notes.stream().findFirst();
        }
        return Optional.of(new CellNote(
                CellNote.Kind.LOCK_INACTIVE,
                "%d team and application locks that do not stop automation now: %s"
                        .formatted(
                                notes.size(),
                                String.join(
                                        " ", notes.stream().map(CellNote::text).toList())),
                notes.size()));
    }

    /** Whether automation stops for every application in the environment: an active environment lock, or a freeze. */
    static boolean stopped(Overview.Environment environment) {
        return environment.freeze().isPresent()
                || environment.locks().stream()
                        .anyMatch(
                                lock -> lock.lock().kind() == LockKind.ENVIRONMENT && lock.state() == LockState.ACTIVE);
    }

    private static OverviewTable.Row row(
            Overview.Application application,
            List<Overview.Environment> environments,
            Map<EnvName, Optional<EnvName>> upstreams,
            Instant now,
            ExportLag lag) {
        List<OverviewTable.Cell> cells = environments.stream()
                .map(environment -> {
                    EnvName name = environment.name();
                    List<CellNote> notes = new ArrayList<>();
                    behind(application, name, upstreams)
                            .ifPresent(behind -> notes.add(new CellNote(
                                    CellNote.Kind.BEHIND,
                                    "Behind %s, which runs version %s."
                                            .formatted(behind.upstream(), behind.version()))));
                    ahead(application, name, upstreams)
                            .ifPresent(ahead -> notes.add(aheadNote(ahead, application, environment)));
                    Optional.ofNullable(application.holds().get(name)).ifPresent(hold -> notes.add(held(hold, now)));
                    notes.addAll(cellNotes(application, environment, now));
                    return new OverviewTable.Cell(
                            name,
                            Optional.ofNullable(application.environments().get(name))
                                    .map(cell -> deployed(cell, now)),
                            Optional.ofNullable(application.queued().get(name)).map(queued -> queued(queued, now)),
                            withExport(
                                    notes,
                                    Optional.ofNullable(
                                            application.environments().get(name)),
                                    lag),
                            stopped(environment));
                })
                .toList();
        return new OverviewTable.Row(
                application.name(), application.team(), application.stack(), application.latestVersion(), cells);
    }

    /**
     * The notes of one overview cell: the application and team locks that cover it and act now, then its warnings,
     * with every policy finding in one note that counts them. The environment's own locks and freeze, and the locks
     * that do not act now (expired, or outside their schedule), are left to the column header, which shows them once.
     */
    static List<CellNote> cellNotes(Overview.Application application, Overview.Environment environment, Instant now) {
        List<CellNote> notes = new ArrayList<>(CellNotes.locks(
                application.locks().getOrDefault(environment.name(), List.of()).stream()
                        .filter(lock -> lock.state() == LockState.ACTIVE)
                        .toList(),
                now));
        List<CellNote> warnings =
                CellNotes.warnings(application.warnings().getOrDefault(environment.name(), List.of()));
        List<CellNote> findings = warnings.stream()
                .filter(note -> note.kind() == CellNote.Kind.POLICY)
                .toList();
        warnings.stream().filter(note -> note.kind() != CellNote.Kind.POLICY).forEach(notes::add);
        if (findings.size() == 1) {
            notes.add(findings.getFirst());
        } else if (findings.size() > 1) {
            notes.add(new CellNote(
                    CellNote.Kind.POLICY,
                    "%d policy findings: %s"
                            .formatted(
                                    findings.size(),
                                    String.join(
                                            " ",
                                            findings.stream()
                                                    .map(CellNote::text)
                                                    .toList())),
                    findings.size()));
        }
        return List.copyOf(notes);
    }

    /** Marks a deployment that the git export has not pushed yet. */
    private static List<CellNote> withExport(List<CellNote> notes, Optional<Overview.Cell> cell, ExportLag lag) {
        if (cell.isEmpty() || !lag.pending(cell.get().deployedAt())) {
            return notes;
        }
        List<CellNote> all = new ArrayList<>(notes);
        all.add(new CellNote(CellNote.Kind.GIT_PENDING, "Not in git yet: the export is %s.".formatted(lag.behind())));
        return List.copyOf(all);
    }

    static OverviewTable.Deployed deployed(Overview.Cell cell, Instant now) {
        return new OverviewTable.Deployed(
                cell.version(),
                cell.displayVersion(),
                Age.since(cell.deployedAt(), now),
                Age.time(cell.deployedAt()),
                cell.deployedBy().name(),
                ReasonWords.how(cell.reason()));
    }

    /** The note of a held cell: who rolled back, when and why, and how the hold ends. */
    static CellNote held(Hold hold, Instant now) {
        return new CellNote(
                CellNote.Kind.HELD,
                "Held at version %s: %s rolled back %s (%s). Automation leaves it here until someone releases the hold or deploys a newer version by hand."
                        .formatted(hold.version(), hold.heldBy().name(), Age.since(hold.heldAt(), now), hold.reason()));
    }

    /**
     * A queued version with who queued it, how, and what stops it, in sentences: the stored blockers start with their
     * code ({@code ENVIRONMENT_LOCKED: …}), which is for API clients, not for the person reading the tooltip.
     */
    static OverviewTable.Queued queued(QueuedVersion queued, Instant now) {
        return new OverviewTable.Queued(
                queued.version(),
                "Version %s waits here: %s queued it %s %s. What stops it: %s Unlocking does not deploy it; deploy it when ready."
                        .formatted(
                                queued.version(),
                                queued.queuedBy().name(),
                                Age.since(queued.queuedAt(), now),
                                ReasonWords.how(queued.reason(), Optional.empty()),
                                queued.blockedBy().isEmpty()
                                        ? "a lock."
                                        : queued.blockedBy().stream()
                                                .map(BlockerText::stored)
                                                .collect(Collectors.joining(" "))));
    }

    static String upstreamText(Optional<Upstream> upstream) {
        return upstream.map(link -> link.environment()
                        .map(environment -> "takes versions from " + environment)
                        .orElse("gets every new release"))
                .orElse("has no upstream");
    }
}
