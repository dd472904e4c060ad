package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.overview.Overview;
import io.trebuchet.web.OverviewFilter.Grouping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverviewRowsTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final List<Overview.Group> GROUPS = List.of(
            new Overview.Group(
                    GroupName.of("dev"),
                    List.of(new Overview.Environment(
                            DEV, Optional.of(Upstream.ofLatest()), List.of(), Optional.empty(), List.of()))),
            new Overview.Group(
                    GroupName.of("staging"),
                    List.of(new Overview.Environment(
                            STAGING, Optional.of(Upstream.of(DEV)), List.of(), Optional.empty(), List.of()))));

    private static final Overview OVERVIEW = new Overview(
            12,
            GROUPS,
            List.of(
                    application("search", "discovery", Map.of(DEV, 3L)),
                    application("cart", "payments", Map.of(DEV, 2L, STAGING, 2L)),
                    application("legacy", null, Map.of()),
                    application("checkout", "payments", Map.of(DEV, 1L, STAGING, 4L))));

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''   | ''        | NONE | cart checkout legacy search",
                "ch   | ''        | NONE | checkout search",
                "CART | ''        | NONE | cart",
                "''   | payments  | NONE | cart checkout",
                "ch   | payments  | NONE | checkout",
                "zzz  | ''        | NONE | ''",
                "''   | ''        | TEAM | search cart checkout legacy",
                "''   | nobody    | TEAM | ''"
            })
    void filtersAndOrdersTheRows(String name, String team, Grouping grouping, String expected) {
        OverviewTable table = OverviewRows.select(OVERVIEW, filter(name, team, grouping, 1), NOW, 100);

        assertThat(applications(table)).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(" ", -1)));
        assertThat(table.total()).isEqualTo(4);
    }

    @Test
    void groupsByTeamWithApplicationsWithoutATeamLast() {
        OverviewTable table = OverviewRows.select(OVERVIEW, filter("", "", Grouping.TEAM, 1), NOW, 100);

        assertThat(table.rowGroups())
                .extracting(group -> group.heading().orElseThrow())
                .containsExactly("discovery", "payments", OverviewRows.NO_TEAM);
    }

    @Test
    void eachCellShowsItsDeploymentAndItsWarningsInColumnOrder() {
        OverviewTable table = OverviewRows.select(OVERVIEW, filter("checkout", "", Grouping.NONE, 1), NOW, 100);

        assertThat(table.columns())
                .extracting(OverviewTable.Column::environment)
                .containsExactly(DEV, STAGING);
        OverviewTable.Row row = table.rowGroups().getFirst().rows().getFirst();
        assertThat(row.cells()).extracting(OverviewTable.Cell::environment).containsExactly(DEV, STAGING);
        OverviewTable.Cell staging = row.cells().get(1);
        assertThat(staging.deployed().orElseThrow().version()).isEqualTo(new Version(4));
        assertThat(staging.deployed().orElseThrow().age()).isEqualTo("2 hours ago");
        assertThat(staging.notes())
                .containsExactly(
                        CellNote.warning("Runs version 4 here, newer than version 1 in its upstream environment dev."));
        assertThat(row.cells().getFirst().notes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, 10, 3", "2, 2, 11, 20, 3", "3, 3, 21, 25, 3", "9, 3, 21, 25, 3"})
    void cutsTheRowsIntoPages(int asked, int page, int first, int last, int pages) {
        List<Overview.Application> many = IntStream.range(0, 25)
                .mapToObj(index -> application("app-%02d".formatted(index), null, Map.of()))
                .toList();

        OverviewTable table =
                OverviewRows.select(new Overview(1, GROUPS, many), filter("", "", Grouping.NONE, asked), NOW, 10);

        assertThat(table.page()).isEqualTo(page);
        assertThat(table.pages()).isEqualTo(pages);
        assertThat(table.firstRow()).isEqualTo(first);
        assertThat(table.lastRow()).isEqualTo(last);
        assertThat(applications(table)).hasSize(last - first + 1).first().isEqualTo("app-%02d".formatted(first - 1));
    }

    @Test
    void listsEveryTeamOnce() {
        assertThat(OverviewRows.teams(OVERVIEW)).containsExactly(TeamName.of("discovery"), TeamName.of("payments"));
    }

    private static OverviewFilter filter(String name, String team, Grouping grouping, int page) {
        return new OverviewFilter(
                Optional.of(name),
                Optional.of(team).filter(text -> !text.isEmpty()).map(TeamName::of),
                grouping,
                page);
    }

    private static List<String> applications(OverviewTable table) {
        return table.rowGroups().stream()
                .flatMap(group -> group.rows().stream())
                .map(row -> row.application().value())
                .toList();
    }

    private static Overview.Application application(String name, String team, Map<EnvName, Long> versions) {
        Map<EnvName, Overview.Cell> cells = new java.util.TreeMap<>();
        versions.forEach((environment, version) -> cells.put(
                environment,
                new Overview.Cell(
                        new Version(version),
                        Optional.empty(),
                        Instant.parse("2026-11-02T10:00:00Z"),
                        Actor.ANONYMOUS,
                        "auto")));
        return new Overview.Application(
                AppName.of(name),
                Optional.ofNullable(team).map(TeamName::of),
                Optional.empty(),
                versions.values().stream().max(Long::compare).map(Version::new),
                cells,
                Map.of(),
                Map.of(),
                Map.of());
    }
}
