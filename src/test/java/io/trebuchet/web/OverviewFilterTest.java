package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

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
                "''        | ''       | NONE | 1 | /",
                "''        | ''       | NONE | 2 | /?page=2",
                "'  Cart ' | ''       | NONE | 1 | /?name=cart",
                "a&b=c     | ''       | NONE | 1 | /?name=a%26b%3Dc",
                "''        | payments | TEAM | 3 | /?team=payments&group=team&page=3",
                "x y       | team.a   | NONE | 1 | /?name=x+y&team=team.a"
            })
    void keepsTheViewInTheUrl(String name, String team, Grouping grouping, int page, String link) {
        OverviewFilter filter = new OverviewFilter(
                Optional.of(name),
                Optional.of(team).filter(text -> !text.isEmpty()).map(TeamName::of),
                grouping,
                1);

        assertThat(filter.link(page)).isEqualTo(link);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-5, 1", "7, 7"})
    void pagesStartAtOne(int asked, int page) {
        assertThat(new OverviewFilter(Optional.empty(), Optional.empty(), Grouping.NONE, asked).page())
                .isEqualTo(page);
    }
}
