package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.web.OverviewFilter.Grouping;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverviewFilterTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''        | ''       | ''      | NONE  | 1 | /",
                "''        | ''       | ''      | NONE  | 2 | /?page=2",
                "'  Cart ' | ''       | ''      | NONE  | 1 | /?name=cart",
                "a&b=c     | ''       | ''      | NONE  | 1 | /?name=a%26b%3Dc",
                "''        | payments | ''      | TEAM  | 3 | /?team=payments&group=team&page=3",
                "x y       | team.a   | ''      | NONE  | 1 | /?name=x+y&team=team.a",
                "''        | ''       | geocube | NONE  | 1 | /?stack=geocube",
                "''        | payments | geocube | STACK | 2 | /?team=payments&stack=geocube&group=stack&page=2"
            })
    void keepsTheViewInTheUrl(String name, String team, String stack, Grouping grouping, int page, String link) {
        OverviewFilter filter = new OverviewFilter(
                Optional.of(name),
                Optional.of(team).filter(text -> !text.isEmpty()).map(TeamName::of),
                Optional.of(stack).filter(text -> !text.isEmpty()).map(StackName::of),
                grouping,
                1);

        assertThat(filter.link(page)).isEqualTo(link);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''       | false | /",
                "queued   | false | /?state=queued&page=2",
                "behind   | true  | /?state=behind&sync=out&page=2",
                "''       | true  | /?sync=out&page=2",
                "nonsense | false | /?page=2"
            })
    void keepsTheStateAndTheOutOfSyncToggleInTheUrl(String state, boolean outOfSync, String link) {
        OverviewFilter filter = new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OverviewFilter.State.of(Optional.of(state)),
                outOfSync,
                Grouping.NONE,
                OverviewFilter.Sort.NAME,
                java.util.Set.of(),
                1);

        assertThat(filter.link(link.equals("/") ? 1 : 2)).isEqualTo(link);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"team | TEAM", "stack | STACK", "'' | NONE", "nonsense | NONE", "TEAM | NONE"})
    void readsTheGroupingFromTheUrl(String parameter, Grouping expected) {
        assertThat(Grouping.of(Optional.of(parameter))).isEqualTo(expected);
        assertThat(Grouping.of(Optional.empty())).isEqualTo(Grouping.NONE);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-5, 1", "7, 7"})
    void pagesStartAtOne(int asked, int page) {
        assertThat(new OverviewFilter(Optional.empty(), Optional.empty(), Optional.empty(), Grouping.NONE, asked)
                        .page())
                .isEqualTo(page);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "attention | ATTENTION | /?sort=attention&page=2",
                "recent    | RECENT    | /?sort=recent&page=2",
                "''        | NAME      | /?page=2",
                "name      | NAME      | /?page=2",
                "RECENT    | NAME      | /?page=2"
            })
    void keepsTheOrderInTheUrl(String parameter, OverviewFilter.Sort expected, String link) {
        OverviewFilter.Sort sort = OverviewFilter.Sort.of(Optional.of(parameter));
        OverviewFilter filter = new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Grouping.NONE,
                sort,
                java.util.Set.of(),
                1);

        assertThat(sort).isEqualTo(expected);
        assertThat(filter.link(2)).isEqualTo(link);
        assertThat(OverviewFilter.Sort.of(Optional.empty())).isEqualTo(OverviewFilter.Sort.NAME);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "production         | production | /?collapse=production&page=2",
                "eu,production      | eu,production | /?collapse=eu%2Cproduction&page=2",
                "production,,Bad!,x | production,x | /?collapse=production%2Cx&page=2",
                "''                 | ''         | /?page=2"
            })
    void keepsTheCollapsedGroupsInTheUrl(String parameter, String expected, String link) {
        java.util.Set<io.trebuchet.core.GroupName> collapsed = OverviewFilter.collapsed(Optional.of(parameter));
        OverviewFilter filter = new OverviewFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Grouping.NONE,
                OverviewFilter.Sort.NAME,
                collapsed,
                1);

        assertThat(String.join(
                        ",",
                        collapsed.stream()
                                .map(io.trebuchet.core.GroupName::value)
                                .toList()))
                .isEqualTo(expected);
        assertThat(filter.link(2)).isEqualTo(link);
        // Toggling a group folds it, or shows it apart again.
        io.trebuchet.core.GroupName production = io.trebuchet.core.GroupName.of("production");
        assertThat(filter.toggling(production).collapsed().contains(production))
                .isNotEqualTo(collapsed.contains(production));
        assertThat(filter.toggling(production).toggling(production).collapsed()).isEqualTo(collapsed);
    }
}
