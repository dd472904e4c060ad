package io.trebuchet.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final EnvName PROD = EnvName.of("prod");
    private static final AppName CART = AppName.of("cart");
    private static final AppName SEARCH = AppName.of("search");
    private static final TeamName PAYMENTS = TeamName.of("payments");

    @Test
    void environmentLockBlocksEveryApplication() {
        List<Lock> locks = List.of(environmentLock("freeze"));

        assertThat(LockCheck.blocking(locks, CART, Optional.of(PAYMENTS), NOW)).hasSize(1);
        assertThat(LockCheck.blocking(locks, SEARCH, Optional.empty(), NOW)).hasSize(1);
        assertThat(LockCheck.blockingEnvironment(locks, NOW)).hasSize(1);
    }

    @Test
    void applicationLockBlocksOnlyItsApplication() {
        List<Lock> locks = List.of(applicationLock(CART));

        assertThat(LockCheck.blocking(locks, CART, Optional.empty(), NOW)).hasSize(1);
        assertThat(LockCheck.blocking(locks, SEARCH, Optional.empty(), NOW)).isEmpty();
        assertThat(LockCheck.blockingEnvironment(locks, NOW)).isEmpty();
    }

    @Test
    void teamLockBlocksOnlyTheTeamsApplications() {
        List<Lock> locks = List.of(teamLock(PAYMENTS));

        assertThat(LockCheck.blocking(locks, CART, Optional.of(PAYMENTS), NOW)).hasSize(1);
        assertThat(LockCheck.blocking(locks, CART, Optional.of(TeamName.of("search")), NOW))
                .isEmpty();
        assertThat(LockCheck.blocking(locks, CART, Optional.empty(), NOW)).isEmpty();
    }

    @Test
    void expiredLocksStopBlockingAtTheirExpiry() {
        Lock expiring = with(environmentLock("until-noon"), Optional.of(NOW), Optional.empty());

        assertThat(LockCheck.state(expiring, NOW.minusSeconds(1))).isEqualTo(LockState.ACTIVE);
        assertThat(LockCheck.state(expiring, NOW)).isEqualTo(LockState.EXPIRED);
        assertThat(LockCheck.blocking(List.of(expiring), CART, Optional.empty(), NOW))
                .isEmpty();
    }

    @Test
    void scheduledLocksBlockOnlyInsideTheirWindow() {
        Lock nightly = with(
                environmentLock("nightly"),
                Optional.empty(),
                Optional.of(new LockSchedule("0 22 * * *", "8h", Optional.of("UTC"))));

        assertThat(LockCheck.state(nightly, NOW)).isEqualTo(LockState.DORMANT);
        assertThat(LockCheck.state(nightly, Instant.parse("2026-11-02T23:00:00Z")))
                .isEqualTo(LockState.ACTIVE);
        assertThat(LockCheck.blocking(List.of(nightly), CART, Optional.empty(), Instant.parse("2026-11-03T05:00:00Z")))
                .hasSize(1);
        assertThat(LockCheck.blocking(List.of(nightly), CART, Optional.empty(), NOW))
                .isEmpty();
    }

    @Test
    void suggestedLifetimeIsAWarningNotAState() {
        Lock lock = new Lock(
                LockKind.ENVIRONMENT,
                PROD,
                Optional.empty(),
                Optional.empty(),
                LockId.of("incident"),
                "incident",
                Actor.ANONYMOUS,
                NOW,
                Optional.empty(),
                Optional.empty(),
                Optional.of(Duration.ofHours(1)),
                Optional.empty(),
                Optional.empty());

        assertThat(LockCheck.pastSuggestedLifetime(lock, NOW.plus(Duration.ofMinutes(59))))
                .isFalse();
        assertThat(LockCheck.pastSuggestedLifetime(lock, NOW.plus(Duration.ofMinutes(61))))
                .isTrue();
        assertThat(LockCheck.state(lock, NOW.plus(Duration.ofDays(3)))).isEqualTo(LockState.ACTIVE);
    }

    static Lock environmentLock(String id) {
        return lock(LockKind.ENVIRONMENT, Optional.empty(), Optional.empty(), id);
    }

    static Lock applicationLock(AppName application) {
        return lock(LockKind.APPLICATION, Optional.of(application), Optional.empty(), "app-" + application);
    }

    static Lock teamLock(TeamName team) {
        return lock(LockKind.TEAM, Optional.empty(), Optional.of(team), "team-" + team);
    }

    private static Lock lock(LockKind kind, Optional<AppName> application, Optional<TeamName> team, String id) {
        return new Lock(
                kind,
                PROD,
                application,
                team,
                LockId.of(id),
                "locked for a reason",
                Actor.ANONYMOUS,
                NOW.minusSeconds(3600),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static Lock with(Lock lock, Optional<Instant> expiresAt, Optional<LockSchedule> schedule) {
        return new Lock(
                lock.kind(),
                lock.environment(),
                lock.application(),
                lock.team(),
                lock.id(),
                lock.message(),
                lock.author(),
                lock.createdAt(),
                lock.ciLink(),
                expiresAt,
                lock.suggestedLifetime(),
                schedule,
                lock.group());
    }
}
