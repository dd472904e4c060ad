package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.lock.LockSchedule;
import io.trebuchet.lock.LockService;
import io.trebuchet.lock.LockState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockRowTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final Instant CREATED = NOW.minus(Duration.ofHours(3));

    @Test
    void anActiveEnvironmentLockWithAnExpiry() {
        LockRow row = row(lock(LockKind.ENVIRONMENT, Optional.empty(), Optional.empty())
                .expiresAt(NOW.plus(Duration.ofHours(2)))
                .build());

        assertThat(row.state()).isEqualTo(LockState.ACTIVE);
        assertThat(row.stateText()).isEqualTo("active");
        assertThat(row.expiry()).isEqualTo("in 2 hours");
        assertThat(row.expiryTime()).contains("2026-11-02 14:00:00 UTC");
        assertThat(row.covers()).isEqualTo("whole environment");
        assertThat(row.scope()).isEmpty();
        assertThat(row.key()).isEqualTo("environment/staging//qa");
        assertThat(row.note().kind()).isEqualTo(CellNote.Kind.LOCK);
        assertThat(row.sentence())
                .isEqualTo(
                        "Environment lock 'qa' on staging by Jane Doe, 3 hours ago: “waiting for QA”. Active; expires"
                                + " in 2 hours.");
    }

    @Test
    void anExpiredApplicationLockNoLongerBlocks() {
        LockRow row = row(lock(LockKind.APPLICATION, Optional.of(AppName.of("cart")), Optional.empty())
                .expiresAt(NOW.minus(Duration.ofMinutes(5)))
                .build());

        assertThat(row.state()).isEqualTo(LockState.EXPIRED);
        assertThat(row.stateText()).isEqualTo("expired 5 minutes ago, no longer blocks");
        assertThat(row.expiry()).isEqualTo("5 minutes ago");
        assertThat(row.covers()).isEqualTo("cart");
        assertThat(row.scope()).isEqualTo("cart");
        assertThat(row.note().kind()).isEqualTo(CellNote.Kind.LOCK_INACTIVE);
        assertThat(row.sentence())
                .isEqualTo("Application lock 'qa' on cart in staging by Jane Doe, 3 hours ago: “waiting for QA”."
                        + " Expired 5 minutes ago, no longer blocks.");
    }

    @Test
    void aScheduledLockOutsideItsWindowIsDormantUntilItOpens() {
        LockRow row = row(lock(LockKind.TEAM, Optional.empty(), Optional.of(TeamName.of("payments")))
                .schedule(new LockSchedule("0 22 * * *", "8h", Optional.empty()))
                .build());

        assertThat(row.state()).isEqualTo(LockState.DORMANT);
        assertThat(row.stateText()).isEqualTo("dormant, applies again in 10 hours (2026-11-02 22:00:00 UTC)");
        assertThat(row.schedule()).contains("0 22 * * * for 8h (UTC)");
        assertThat(row.covers()).isEqualTo("team payments");
        assertThat(row.expiry()).isEqualTo("never");
        assertThat(row.note().kind()).isEqualTo(CellNote.Kind.LOCK_INACTIVE);
    }

    @Test
    void aGroupLockPastItsSuggestedLifetimeSaysSo() {
        LockRow row = row(lock(LockKind.ENVIRONMENT, Optional.empty(), Optional.empty())
                .suggestedLifetime(Duration.ofMinutes(90))
                .group(GroupName.of("production"))
                .build());

        assertThat(row.pastSuggestedLifetime()).isTrue();
        assertThat(row.suggestedLifetime()).contains("1h30m");
        assertThat(row.sentence())
                .isEqualTo("Environment lock 'qa' on staging (for group production) by Jane Doe, 3 hours ago:"
                        + " “waiting for QA”. Active. It has outlived its suggested lifetime of 1h30m.");
    }

    private static LockRow row(Lock lock) {
        return LockRow.of(LockService.view(lock, NOW), NOW);
    }

    private static Builder lock(LockKind kind, Optional<AppName> application, Optional<TeamName> team) {
        return new Builder(kind, application, team);
    }

    /** Builds a lock in staging created three hours before {@link #NOW}. */
    private static final class Builder {
        private final LockKind kind;
        private final Optional<AppName> application;
        private final Optional<TeamName> team;
        private Optional<Instant> expiresAt = Optional.empty();
        private Optional<Duration> suggestedLifetime = Optional.empty();
        private Optional<LockSchedule> schedule = Optional.empty();
        private Optional<GroupName> group = Optional.empty();

        Builder(LockKind kind, Optional<AppName> application, Optional<TeamName> team) {
            this.kind = kind;
            this.application = application;
            this.team = team;
        }

        Builder expiresAt(Instant instant) {
            expiresAt = Optional.of(instant);
            return this;
        }

        Builder suggestedLifetime(Duration duration) {
            suggestedLifetime = Optional.of(duration);
            return this;
        }

        Builder schedule(LockSchedule window) {
            schedule = Optional.of(window);
            return this;
        }

        Builder group(GroupName name) {
            group = Optional.of(name);
            return this;
        }

        Lock build() {
            return new Lock(
                    kind,
                    EnvName.of("staging"),
                    application,
                    team,
                    LockId.of("qa"),
                    "waiting for QA",
                    new Actor("Jane Doe", "jane@example.com"),
                    CREATED,
                    Optional.empty(),
                    expiresAt,
                    suggestedLifetime,
                    schedule,
                    group);
        }
    }
}
