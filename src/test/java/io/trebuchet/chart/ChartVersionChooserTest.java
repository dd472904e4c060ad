package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.imageautomation.SemverRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartVersionChooserTest {
    private static final List<String> LISTED = List.of("1.0.0", "1.1.0", "2.0.0", "1.2.0-dev.1", "latest", "1.1");

    @Test
    void theHighestStableVersionInRangeIsChosen() {
        assertThat(chosen(">=1.0.0 <2.0.0", false)).isEqualTo("1.1.0");
        assertThat(chosen("^1.0", false)).isEqualTo("1.1.0");
        assertThat(chosen("*", false)).isEqualTo("2.0.0");
        assertThat(chosen("~1.0.0", false)).isEqualTo("1.0.0");
    }

    @Test
    void aPreReleaseCountsByPrecedenceOnlyWhenPreReleasesAreConsidered() {
        assertThat(chosen("^1.0", true)).isEqualTo("1.2.0-dev.1");
        assertThat(chosen(">=1.0.0 <2.0.0", true)).isEqualTo("1.2.0-dev.1");
        // 1.2.0-dev.1 is below 1.2.0: not in a range that starts there.
        assertThat(chosen(">=1.2.0 <2.0.0", true)).isEmpty();
        assertThat(chosen("*", true)).isEqualTo("2.0.0");
    }

    @Test
    void aStableReleaseOutranksItsOwnPreRelease() {
        assertThat(choose(List.of("1.2.0-dev.1", "1.2.0", "1.2.0-rc.1"), "^1.0", true))
                .isEqualTo(new ChartVersionChooser.Choice.Chosen(ChartVersion.parse("1.2.0")));
    }

    @Test
    void entriesThatAreNoExactVersionAreIgnored() {
        assertThat(chosen("=1.1.0", false)).isEqualTo("1.1.0");
        assertThat(choose(List.of("latest", "1.1", "v1.0.0"), "*", false))
                .isInstanceOf(ChartVersionChooser.Choice.NoCandidate.class);
    }

    @Test
    void noCandidateSaysWhy() {
        assertThat(choose(List.of(), "*", false))
                .isEqualTo(new ChartVersionChooser.Choice.NoCandidate("the chart has no versions"));
        assertThat(choose(LISTED, ">=3.0.0", false))
                .isEqualTo(new ChartVersionChooser.Choice.NoCandidate(
                        "none of the 6 listed versions is in range >=3.0.0 (pre-releases are not considered)"));
    }

    private static String chosen(String range, boolean preReleases) {
        return switch (choose(LISTED, range, preReleases)) {
            case ChartVersionChooser.Choice.Chosen chosen -> chosen.version().text();
            case ChartVersionChooser.Choice.NoCandidate none -> "";
        };
    }

    private static ChartVersionChooser.Choice choose(List<String> listed, String range, boolean preReleases) {
        return ChartVersionChooser.choose(listed, SemverRange.parse(range), preReleases);
    }
}
