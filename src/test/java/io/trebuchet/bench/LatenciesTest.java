package io.trebuchet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatenciesTest {
    @ParameterizedTest(name = "p{1} of 1..{0} is {2}")
    @CsvSource({
        // samples, percentile, nearest rank
        "1, 50, 1",
        "1, 99, 1",
        "2, 50, 1",
        "2, 99, 2",
        "10, 50, 5",
        "10, 99, 10",
        "100, 50, 50",
        "100, 99, 99",
        "101, 50, 51",
        "1000, 99, 990",
    })
    void percentileIsTheNearestRank(int samples, int percentile, long expected) {
        long[] sorted = LongStream.rangeClosed(1, samples).toArray();

        assertThat(Latencies.percentile(sorted, percentile / 100.0)).isEqualTo(expected);
    }

    @Test
    void summarizesNanosecondsInMillisecondsWhateverTheOrder() {
        Latencies latencies = Latencies.ofNanos(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000});

        assertThat(latencies).isEqualTo(new Latencies(4, 2.0, 4.0, 4.0, 2.5));
    }

    @Test
    void refusesNoSamplesAndPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> Latencies.ofNanos(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
