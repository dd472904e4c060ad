package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.deploy.Blocker;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BlockerTextTest {
    private static final Instant NOW = Instant.parse("2026-11-06T18:00:00Z");
    private static final EnvName PROD = EnvName.of("prod-de");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ENVIRONMENT | prod-de is locked: “incident 42” (lock 'incident' by Jane Doe, 2 hours ago).",
                "APPLICATION | cart is locked in prod-de: “incident 42” (lock 'incident' by Jane Doe, 2 hours ago).",
                "TEAM        | Team payments is locked in prod-de: “incident 42” (lock 'incident' by Jane Doe, 2 hours ago)."
            })
    void saysWhoLockedWhatAndWhy(LockKind kind, String expected) {
        Lock lock = lock(kind);

        assertThat(BlockerText.of(new Blocker.Locked(lock), PROD, NOW)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Freeze.Reason.class)
    void saysUntilWhenAFreezeHolds(Freeze.Reason reason) {
        FreezeWindow window = FreezeWindow.of(
                reason == Freeze.Reason.DENY_WINDOW_OPEN ? "deny" : "allow", "0 17 * * 5", "63h", "Europe/Berlin");
        Freeze freeze = new Freeze(reason, window, Optional.of(Instant.parse("2026-11-09T07:00:00Z")));

        String text = BlockerText.of(new Blocker.Frozen(freeze), PROD, NOW);

        assertThat(text)
                .isEqualTo(
                        switch (reason) {
                            case DENY_WINDOW_OPEN ->
                                "prod-de is in a deploy freeze until 2026-11-09 07:00:00 UTC (in 2 days):"
                                        + " deny window 0 17 * * 5 for 63h, Europe/Berlin.";
                            case OUTSIDE_ALLOW_WINDOWS ->
                                "prod-de takes changes only inside its allow windows and none is open; the next opens"
                                        + " in 2 days, at 2026-11-09 07:00:00 UTC: allow window 0 17 * * 5 for 63h,"
                                        + " Europe/Berlin.";
                        });
    }

    @ParameterizedTest
    @EnumSource(Freeze.Reason.class)
    void aStoredFreezeReadsWithoutItsCodeAndWithItsTimeAsPagesPrintIt(Freeze.Reason reason) {
        FreezeWindow window = FreezeWindow.of(
                reason == Freeze.Reason.DENY_WINDOW_OPEN ? "deny" : "allow", "0 17 * * 5", "63h", "Europe/Berlin");
        Blocker frozen =
                new Blocker.Frozen(new Freeze(reason, window, Optional.of(Instant.parse("2026-11-09T07:00:00Z"))));
        // As the deploy service stores a blocker with a queued version or a deploy that went through it.
        String stored = frozen.cause().name() + ": " + frozen.describe();

        assertThat(BlockerText.stored(stored))
                .isEqualTo(
                        switch (reason) {
                            case DENY_WINDOW_OPEN ->
                                "Deny window '0 17 * * 5' for 63h (Europe/Berlin) is open until 2026-11-09 07:00:00 UTC.";
                            case OUTSIDE_ALLOW_WINDOWS ->
                                "Outside every allow window; the next one ('0 17 * * 5', Europe/Berlin) opens at"
                                        + " 2026-11-09 07:00:00 UTC.";
                        })
                .doesNotContain("FREEZE_WINDOW", "T07:00:00Z");
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aStoredLockReadsWithoutItsCode(LockKind kind) {
        Blocker locked = new Blocker.Locked(lock(kind));

        assertThat(BlockerText.stored(locked.cause().name() + ": " + locked.describe()))
                .isEqualTo(
                        switch (kind) {
                            case ENVIRONMENT -> "Environment lock 'incident' on prod-de: incident 42.";
                            case APPLICATION -> "Application lock 'incident' on cart in prod-de: incident 42.";
                            case TEAM -> "Team lock 'incident' on team payments in prod-de: incident 42.";
                        });
    }

    /** Jane Doe's lock "incident 42" of {@code kind} in prod-de, on cart or team payments where the kind needs one. */
    private static Lock lock(LockKind kind) {
        return new Lock(
                kind,
                PROD,
                Optional.of(AppName.of("cart")).filter(ignored -> kind == LockKind.APPLICATION),
                Optional.of(TeamName.of("payments")).filter(ignored -> kind == LockKind.TEAM),
                LockId.of("incident"),
                "incident 42",
                new Actor("Jane Doe", "jane@example.com"),
                NOW.minus(Duration.ofHours(2)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
