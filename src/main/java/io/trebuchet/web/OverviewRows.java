package io.trebuchet.web;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.overview.Overview;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides what one page of the overview shows: the applications that match the filter, in groups when asked (teams
 * by name, applications without a team last), cut into pages so that a thousand applications stay quick to render
 * and to read; every cell with its deployment and its warnings.
 */
final class OverviewRows {
    static final int PAGE_SIZE = 100;
    static final String NO_TEAM = "No team";

    private OverviewRows() {}

    static OverviewTable select(Overview overview, OverviewFilter filter, Instant now, int pageSize) {
        List<OverviewTable.ColumnGroup> columnGroups = overview.environmentGroups().stream()
                .map(group -> new OverviewTable.ColumnGroup(
                        group.name(),
                        group.environments().stream()
                                .map(environment -> new OverviewTable.Column(
                                        environment.name(), upstreamText(environment.upstream()), List.of()))
                                .toList()))
                .toList();
        Map<EnvName, Optional<EnvName>> upstreams = new LinkedHashMap<>();
        overview.environmentGroups().stream()
                .flatMap(group -> group.environments().stream())
                .forEach(environment ->
                        upstreams.put(environment.name(), environment.upstream().flatMap(Upstream::environment)));

        List<Overview.Application> matching = overview.applications().stream()
                .filter(application -> filter.name()
                        .map(text -> application.name().value().contains(text))
                        .orElse(true))
                .filter(application -> filter.team()
                        .map(team -> application.team().equals(Optional.of(team)))
                        .orElse(true))
                .sorted(order(filter.grouping()))
                .toList();

        int pages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        int page = Math.min(filter.page(), pages);
        int from = (page - 1) * pageSize;
        int to = Math.min(matching.size(), from + pageSize);
        List<OverviewTable.Row> rows = matching.subList(from, to).stream()
                .map(application -> row(application, upstreams, now))
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

    private static Comparator<Overview.Application> order(OverviewFilter.Grouping grouping) {
        Comparator<Overview.Application> byName = Comparator.comparing(Overview.Application::name);
        return switch (grouping) {
            case NONE -> byName;
            case TEAM ->
                Comparator.comparing(
                                (Overview.Application application) -> application.team(),
                                Comparator.comparing((Optional<TeamName> team) -> team.isEmpty())
                                        .thenComparing(team ->
                                                team.map(TeamName::value).orElse("")))
                        .thenComparing(byName);
        };
    }

    private static List<OverviewTable.RowGroup> group(List<OverviewTable.Row> rows, OverviewFilter.Grouping grouping) {
        return switch (grouping) {
            case NONE -> rows.isEmpty() ? List.of() : List.of(new OverviewTable.RowGroup(Optional.empty(), rows));
            case TEAM -> {
                Map<String, List<OverviewTable.Row>> byTeam = rows.stream()
                        .collect(Collectors.groupingBy(
                                row -> row.team().map(TeamName::value).orElse(NO_TEAM),
                                LinkedHashMap::new,
                                Collectors.toList()));
                List<OverviewTable.RowGroup> groups = new ArrayList<>();
                byTeam.forEach((team, members) -> groups.add(new OverviewTable.RowGroup(Optional.of(team), members)));
                yield groups;
            }
        };
    }

    private static OverviewTable.Row row(
            Overview.Application application, Map<EnvName, Optional<EnvName>> upstreams, Instant now) {
        Map<EnvName, Version> deployed = new LinkedHashMap<>();
        application.environments().forEach((environment, cell) -> deployed.put(environment, cell.version()));
        Map<EnvName, List<String>> warnings = DeploymentOrderWarnings.of(upstreams, deployed);
        List<OverviewTable.Cell> cells = upstreams.keySet().stream()
                .map(environment -> new OverviewTable.Cell(
                        environment,
                        Optional.ofNullable(application.environments().get(environment))
                                .map(cell -> deployed(cell, now)),
                        warnings.getOrDefault(environment, List.of()).stream()
                                .map(CellNote::warning)
                                .toList()))
                .toList();
        return new OverviewTable.Row(application.name(), application.team(), application.latestVersion(), cells);
    }

    private static OverviewTable.Deployed deployed(Overview.Cell cell, Instant now) {
        return new OverviewTable.Deployed(
                cell.version(),
                cell.displayVersion(),
                Age.since(cell.deployedAt(), now),
                Age.time(cell.deployedAt()),
                cell.deployedBy().name(),
                cell.reason());
    }

    static String upstreamText(Optional<Upstream> upstream) {
        return upstream.map(link -> link.environment()
                        .map(environment -> "takes versions from " + environment)
                        .orElse("gets every new release"))
                .orElse("has no upstream");
    }
}
