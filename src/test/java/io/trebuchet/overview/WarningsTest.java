package io.trebuchet.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WarningsTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final AppName CART = AppName.of("cart");
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final Optional<Upstream> FROM_DEV = Optional.of(Upstream.of(DEV));

    @Test
    void newerThanUpstreamWithoutALockIsUnusual() {
        List<Warning> warnings = Warnings.forCell(
                CART, Optional.empty(), STAGING, FROM_DEV, Map.of(DEV, v(3), STAGING, v(4)), List.of(), NOW);

        assertThat(warnings).extracting(Warning::code).containsExactly(Warning.Code.UNUSUAL_ORDER);
    }

    @Test
    void aLockExplainsANewerVersion() {
        List<Warning> warnings = Warnings.forCell(
                CART,
                Optional.empty(),
                STAGING,
                FROM_DEV,
                Map.of(DEV, v(3), STAGING, v(4)),
                List.of(lock(LockKind.APPLICATION, Optional.empty())),
                NOW);

        assertThat(warnings).isEmpty();
    }

    @Test
    void olderOrEqualVersionsAndLatestUpstreamsAreNormal() {
        assertThat(Warnings.forCell(
                        CART, Optional.empty(), STAGING, FROM_DEV, Map.of(DEV, v(3), STAGING, v(3)), List.of(), NOW))
                .isEmpty();
        assertThat(Warnings.forCell(
                        CART, Optional.empty(), STAGING, FROM_DEV, Map.of(DEV, v(5), STAGING, v(3)), List.of(), NOW))
                .isEmpty();
        assertThat(Warnings.forCell(
                        CART,
                        Optional.empty(),
                        DEV,
                        Optional.of(Upstream.ofLatest()),
                        Map.of(DEV, v(1)),
                        List.of(),
                        NOW))
                .isEmpty();
    }

    @Test
    void runningWhereTheUpstreamDoesNotIsWorthALook() {
        assertThat(Warnings.forCell(CART, Optional.empty(), STAGING, FROM_DEV, Map.of(STAGING, v(1)), List.of(), NOW))
                .extracting(Warning::code)
                .containsExactly(Warning.Code.UPSTREAM_NOT_DEPLOYED);
    }

    @Test
    void locksPastTheirSuggestedLifetimeWarnWhereTheyApply() {
        Lock old = lock(LockKind.TEAM, Optional.of(Duration.ofHours(1)));

        assertThat(Warnings.forCell(
                        CART, Optional.of(TeamName.of("payments")), STAGING, FROM_DEV, Map.of(), List.of(old), NOW))
                .extracting(Warning::code)
                .containsExactly(Warning.Code.LOCK_PAST_SUGGESTED_LIFETIME);
        assertThat(Warnings.forEnvironment(List.of(old), NOW)).isEmpty();
        assertThat(Warnings.forEnvironment(List.of(lock(LockKind.ENVIRONMENT, Optional.of(Duration.ofHours(1)))), NOW))
                .hasSize(1);
    }

    private static Version v(long version) {
        return new Version(version);
    }

    private static Lock lock(LockKind kind, Optional<Duration> lifetime) {
        return new Lock(
                kind,
                STAGING,
                kind == LockKind.APPLICATION ? Optional.of(CART) : Optional.empty(),
                kind == LockKind.TEAM ? Optional.of(TeamName.of("payments")) : Optional.empty(),
                LockId.of("hold"),
                "hold",
                Actor.ANONYMOUS,
                NOW.minus(Duration.ofHours(2)),
                Optional.empty(),
                Optional.empty(),
                lifetime,
                Optional.empty(),
                Optional.empty());
    }
}
