package io.trebuchet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.bench.ExportLag.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportLagTest {
    @Test
    void eachEventLagsFromTheSampleThatFirstShowsItToTheSampleWhoseCursorFirstIncludesIt() {
        List<Sample> samples = List.of(
                new Sample(0, 10, 10),
                new Sample(100, 12, 10), // 11 and 12 appear
                new Sample(200, 13, 11), // 11 exported, 13 appears
                new Sample(300, 13, 13)); // 12 and 13 exported

        assertThat(ExportLag.perEvent(samples, 10, 13)).containsExactly(100, 200, 100);
    }

    @Test
    void anEventExportedInTheSampleThatFirstShowsItHasNoLag() {
        List<Sample> samples = List.of(new Sample(0, 5, 5), new Sample(50, 7, 7));

        assertThat(ExportLag.perEvent(samples, 5, 7)).containsExactly(0, 0);
    }

    @Test
    void nothingAfterTheFirstEventIsNoLag() {
        assertThat(ExportLag.perEvent(List.of(new Sample(0, 3, 3)), 3, 3)).isEmpty();
    }

    @Test
    void anEventTheSamplesNeverSawExportedIsRefused() {
        List<Sample> samples = List.of(new Sample(0, 2, 1), new Sample(10, 3, 2));

        assertThatThrownBy(() -> ExportLag.perEvent(samples, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event 3");
    }
}
