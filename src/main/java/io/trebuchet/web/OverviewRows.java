package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockView;
import io.trebuchet.overview.Overview;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        List<Overview.Environment> environments = overview.environmentGroups().stream()
                .flatMap(group -> group.environments().stream())
                .toList();
        List<OverviewTable.ColumnGroup> columnGroups = overview.environmentGroups().stream()
                .map(group -> new OverviewTable.ColumnGroup(
                        group.name(),
                        group.environments().stream()
                                .map(environment -> column(environment, now))
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
                .sorted(order(filter.grouping()))
                .toList();

        int pages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        int page = Math.min(filter.page(), pages);
        int from = (page - 1) * pageSize;
        int to = Math.min(matching.size(), from + pageSize);
        List<OverviewTable.Row> rows = matching.subList(from, to).stream()
                .map(application -> row(application, environments, now))
                .toList();
        return new OverviewTable(
                columnGroups,
                group(rows, filter.grouping()),
                matching.size(),
                overview.applications().size(),
                page,
                pages,
                matching.isEmpty() ? 0 : from + 1,
                to);
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

    private static Comparator<Overview.Application> order(OverviewFilter.Grouping grouping) {
        Comparator<Overview.Application> byName = Comparator.comparing(Overview.Application::name);
        return switch (grouping) {
            case NONE -> byName;
            case TEAM ->
                Comparator.comparing(
                                (Overview.Application application) ->
                                        application.team().map(TeamName::value),
                                emptyLast())
                        .thenComparing(byName);
            case STACK ->
                Comparator.comparing(
                                (Overview.Application application) ->
                                        application.stack().map(StackName::value),
                                emptyLast())
                        .thenComparing(byName);
        };
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

    /** An environment's column: its own locks (environment and team locks), an active freeze, its warnings. */
    static OverviewTable.Column column(Overview.Environment environment, Instant now) {
        List<CellNote> notes = new ArrayList<>(CellNotes.locks(environment.locks(), now));
        environment.freeze().ifPresent(freeze -> notes.add(CellNotes.freeze(freeze, environment.name(), now)));
        notes.addAll(CellNotes.warnings(environment.warnings()));
        return new OverviewTable.Column(environment.name(), upstreamText(environment.upstream()), notes);
    }

    private static OverviewTable.Row row(
            Overview.Application application, List<Overview.Environment> environments, Instant now) {
        List<OverviewTable.Cell> cells = environments.stream()
                .map(environment -> {
                    EnvName name = environment.name();
                    return new OverviewTable.Cell(
                            name,
                            Optional.ofNullable(application.environments().get(name))
                                    .map(cell -> deployed(cell, now)),
                            Optional.ofNullable(application.queued().get(name)).map(queued -> queued(queued, now)),
                            notes(application, environment, now));
                })
                .toList();
        return new OverviewTable.Row(
                application.name(), application.team(), application.stack(), application.latestVersion(), cells);
    }

    /**
     * The notes of one application in one environment: the environment locks (they stop every application there),
     * the application and team locks that cover it, then the overview's warnings.
     */
    static List<CellNote> notes(Overview.Application application, Overview.Environment environment, Instant now) {
        List<LockView> locks = new ArrayList<>(environment.locks().stream()
                .filter(lock -> lock.lock().kind() == LockKind.ENVIRONMENT)
                .toList());
        locks.addAll(application.locks().getOrDefault(environment.name(), List.of()));
        List<CellNote> notes = new ArrayList<>(CellNotes.locks(locks, now));
        notes.addAll(CellNotes.warnings(application.warnings().getOrDefault(environment.name(), List.of())));
        return List.copyOf(notes);
    }

    static OverviewTable.Deployed deployed(Overview.Cell cell, Instant now) {
        return new OverviewTable.Deployed(
                cell.version(),
                cell.displayVersion(),
                Age.since(cell.deployedAt(), now),
                Age.time(cell.deployedAt()),
                cell.deployedBy().name(),
                cell.reason());
    }

    static OverviewTable.Queued queued(QueuedVersion queued, Instant now) {
        return new OverviewTable.Queued(
                queued.version(),
                "Version %s waits here: %s queued it %s (%s), blocked by %s. Unlocking does not deploy it; deploy it when ready."
                        .formatted(
                                queued.version(),
                                queued.queuedBy().name(),
                                Age.since(queued.queuedAt(), now),
                                queued.reason().label(),
                                queued.blockedBy().isEmpty() ? "a lock" : String.join("; ", queued.blockedBy())));
    }

    static String upstreamText(Optional<Upstream> upstream) {
        return upstream.map(link -> link.environment()
                        .map(environment -> "takes versions from " + environment)
                        .orElse("gets every new release"))
                .orElse("has no upstream");
    }
}
