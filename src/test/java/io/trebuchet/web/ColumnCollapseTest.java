package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.overview.Overview;
import io.trebuchet.web.OverviewFilter.Grouping;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnCollapseTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final EnvName PROD_DE = EnvName.of("prod-de");
    private static final EnvName PROD_FR = EnvName.of("prod-fr");
    private static final GroupName PRODUCTION = GroupName.of("production");
    private static final List<Overview.Group> GROUPS = List.of(
            new Overview.Group(
                    GroupName.of("staging"),
                    List.of(new Overview.Environment(
                            STAGING, Optional.of(Upstream.ofLatest()), List.of(), Optional.empty(), List.of()))),
            new Overview.Group(
                    PRODUCTION,
                    List.of(
                            new Overview.Environment(
                                    PROD_DE, Optional.of(Upstream.of(STAGING)), List.of(), Optional.empty(), List.of()),
                            new Overview.Environment(
                                    PROD_FR,
                                    Optional.of(Upstream.of(STAGING)),
                                    List.of(),
                                    Optional.empty(),
                                    List.of()))));

    @Test
    void aCollapsedGroupIsOneColumnWhoseCellsShowWhatItsMembersAgreeOn() {
        Overview overview = new Overview(
                1,
                GROUPS,
                List.of(
                        OverviewRowsTest.application("agreed", null, Map.of(STAGING, 3L, PROD_DE, 2L, PROD_FR, 2L)),
                        OverviewRowsTest.application("split", null, Map.of(STAGING, 3L, PROD_DE, 3L, PROD_FR, 2L)),
                        OverviewRowsTest.application("half", null, Map.of(STAGING, 3L, PROD_DE, 3L)),
                        OverviewRowsTest.application("nowhere", null, Map.of(STAGING, 1L))));

        OverviewTable apart = OverviewRows.select(overview, filter(Set.of()), NOW, 10);
        OverviewTable folded = OverviewRows.select(overview, filter(Set.of(PRODUCTION)), NOW, 10);

        assertThat(apart.columns())
                .extracting(OverviewTable.Column::name)
                .containsExactly("staging", "prod-de", "prod-fr");
        assertThat(apart.columnGroups().get(1).collapsible()).isTrue();
        assertThat(folded.columns()).extracting(OverviewTable.Column::name).containsExactly("staging", "production");
        OverviewTable.ColumnGroup production = folded.columnGroups().get(1);
        assertThat(production.collapsed()).isTrue();
        assertThat(production.collapsible()).isFalse();
        assertThat(production.label()).isEqualTo("production");
        assertThat(production.columns().getFirst().members()).containsExactly(PROD_DE, PROD_FR);

        OverviewTable.Cell agreed = cell(folded, "agreed");
        assertThat(agreed.column()).isEqualTo("production");
        assertThat(agreed.deployed().orElseThrow().version()).isEqualTo(new Version(2));
        assertThat(agreed.differs()).isEmpty();

        OverviewTable.Cell split = cell(folded, "split");
        assertThat(split.deployed()).isEmpty();
        assertThat(split.style()).contains("differs");
        assertThat(split.differs())
                .hasValue("The environments of production run different versions: prod-de runs version 3, prod-fr"
                        + " runs version 2.");
        // prod-fr runs an older version than staging: the note stays, named by its environment.
        assertThat(split.notes())
                .extracting(CellNote::text)
                .anySatisfy(text -> assertThat(text).startsWith("prod-fr: Behind staging"));

        assertThat(cell(folded, "half").differs().orElseThrow()).contains("prod-fr runs nothing");
        OverviewTable.Cell nowhere = cell(folded, "nowhere");
        assertThat(nowhere.deployed()).isEmpty();
        assertThat(nowhere.differs()).isEmpty();
        // Staging, not folded, is as it was.
        assertThat(cell(folded, "split", 0)).isEqualTo(cell(apart, "split", 0));
    }

    @Test
    void aGroupOfOneEnvironmentOrAnUnknownGroupFoldsNothing() {
        Overview overview =
                new Overview(1, GROUPS, List.of(OverviewRowsTest.application("agreed", null, Map.of(STAGING, 3L))));

        OverviewTable table = OverviewRows.select(
                overview, filter(Set.of(GroupName.of("staging"), GroupName.of("nothing"))), NOW, 10);

        assertThat(table.columns())
                .extracting(OverviewTable.Column::name)
                .containsExactly("staging", "prod-de", "prod-fr");
        assertThat(table.columnGroups().getFirst().collapsible()).isFalse();
        assertThat(table.columnGroups().getFirst().collapsed()).isFalse();
    }

    private static OverviewFilter filter(Set<GroupName> collapsed) {
        return new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Grouping.NONE,
                OverviewFilter.Sort.NAME,
                collapsed,
                1);
    }

    private static OverviewTable.Cell cell(OverviewTable table, String application) {
        return cell(table, application, table.columns().size() - 1);
    }

    private static OverviewTable.Cell cell(OverviewTable table, String application, int column) {
        return table.rowGroups().stream()
                .flatMap(group -> group.rows().stream())
                .filter(row -> row.application().value().equals(application))
                .findFirst()
                .orElseThrow()
                .cells()
                .get(column);
    }
}
