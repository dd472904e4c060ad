package io.trebuchet.imageautomation;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
    @Test
    void letsABurstThroughThenPacesRequestsAtTheRate() throws InterruptedException {
        TestingClock clock = new TestingClock(Instant.parse("2026-12-07T10:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        // The pause moves the clock instead of sleeping: the budget's waits are what it asked for.
        RequestBudget budget = new RequestBudget(new RequestBudget.Settings(2.0, 3, 1), clock, duration -> {
            waits.add(duration);
            clock.advance(duration);
        });
        List<Instant> sent = new ArrayList<>();

        for (int i = 0; i < 7; i++) {
            budget.call(() -> sent.add(clock.instant()));
        }

        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        assertThat(sent.subList(0, 3)).containsOnly(start);
        assertThat(sent.subList(3, 7))
                .containsExactly(
                        start.plusMillis(500), start.plusMillis(1000), start.plusMillis(1500), start.plusMillis(2000));
        assertThat(waits).hasSize(4).allMatch(wait -> wait.equals(Duration.ofMillis(500)));
        assertThat(budget.requests()).isEqualTo(7);
    }

    @Test
    void idleTimeRefillsTheBurstButNoMore() throws InterruptedException {
        TestingClock clock = new TestingClock(Instant.parse("2026-12-07T10:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        RequestBudget budget = new RequestBudget(new RequestBudget.Settings(1.0, 2, 1), clock, duration -> {
            waits.add(duration);
            clock.advance(duration);
        });

        budget.call(() -> 1);
        budget.call(() -> 2);
        clock.advance(Duration.ofHours(1));
        budget.call(() -> 3);
        budget.call(() -> 4);
        budget.call(() -> 5);

        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }
}
