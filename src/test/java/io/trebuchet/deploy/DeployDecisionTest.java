package io.trebuchet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Severity;
import io.trebuchet.policy.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one deploy decision, case by case. */
class DeployDecisionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final AppName CART = AppName.of("cart");
    private static final EnvName PROD = EnvName.of("prod");
    private static final TeamName PAYMENTS = TeamName.of("payments");

    @Test
    void deploysWhenNothingStandsInTheWay() {
        DeployDecision decision = DeployDecision.decide(
                request(7, LockBehavior.FAIL), facts().current(5).build());

        assertThat(decision)
                .isEqualTo(new DeployDecision.Deploy(Optional.of(new Version(5)), List.of(), Optional.empty()));
    }

    @Test
    void refusesAReleaseWithoutAManifestForTheEnvironmentAndSaysWhichItHas() {
        DeployDecision decision = DeployDecision.decide(
                request(7, LockBehavior.IGNORE),
                facts().manifests(EnvName.of("dev"), EnvName.of("staging")).build());

        assertThat(decision).isInstanceOfSatisfying(DeployDecision.Refuse.class, refuse -> {
            assertThat(refuse.cause()).isEqualTo(DeployDecision.Cause.NO_MANIFEST);
            assertThat(refuse.reason().code()).isEqualTo(ErrorCode.NO_MANIFEST_FOR_ENVIRONMENT);
            assertThat(refuse.reason().getMessage()).endsWith("it has manifests for dev, staging");
        });
    }

    @Test
    void aReleaseOfAPreReleaseChartIsRefusedWhereTheEnvironmentDoesNotAllowItWhateverTheLockBehaviour() {
        DeployFacts base = facts().build();
        DeployDecision refused =
                DeployDecision.decide(request(7, LockBehavior.IGNORE), chart(base, "1.2.0-dev.1", false));
        DeployDecision allowed =
                DeployDecision.decide(request(7, LockBehavior.IGNORE), chart(base, "1.2.0-dev.1", true));
        DeployDecision stable =
                DeployDecision.decide(request(7, LockBehavior.IGNORE), chart(base, "1.2.0+build.7", false));

        assertThat(refused).isInstanceOfSatisfying(DeployDecision.Refuse.class, refuse -> {
            assertThat(refuse.cause()).isEqualTo(DeployDecision.Cause.PRERELEASE_CHART);
            assertThat(refuse.reason().code()).isEqualTo(ErrorCode.PRERELEASE_CHART_NOT_ALLOWED);
            assertThat(refuse.reason().getMessage())
                    .contains("pre-release chart version 1.2.0-dev.1")
                    .contains("set allowPrereleaseCharts: true");
        });
        assertThat(allowed).isInstanceOf(DeployDecision.Deploy.class);
        assertThat(stable).isInstanceOf(DeployDecision.Deploy.class);
    }

    private static DeployFacts chart(DeployFacts facts, String chartVersion, boolean allowed) {
        return new DeployFacts(
                facts.team(),
                facts.manifests(),
                facts.findings(),
                facts.current(),
                facts.queued(),
                facts.locks(),
                facts.freezeWindows(),
                facts.hold(),
                facts.now(),
                Optional.of(chartVersion),
                allowed);
    }

    @Test
    void refusesPolicyErrorsEvenOverLocksButNotWarnings() {
        Violation violation =
                new Violation(PolicyRule.RESOURCES, "Deployment", "cart", Optional.empty(), "spec", "breaks the rule");

        DeployDecision refused = DeployDecision.decide(
                request(7, LockBehavior.IGNORE),
                facts().finding(new Finding(violation, Severity.ERROR)).build());
        DeployDecision warned = DeployDecision.decide(
                request(7, LockBehavior.IGNORE),
                facts().finding(new Finding(violation, Severity.WARN)).build());

        assertThat(refused)
                .isInstanceOfSatisfying(
                        DeployDecision.Refuse.class,
                        refuse -> assertThat(refuse.cause()).isEqualTo(DeployDecision.Cause.POLICY_VIOLATION));
        assertThat(warned).isInstanceOf(DeployDecision.Deploy.class);
    }

    @ParameterizedTest
    @EnumSource(LockBehavior.class)
    void theRunningVersionIsUnchangedWhateverLocksSayAndSettlesAnOlderQueuedOne(LockBehavior behavior) {
        QueuedVersion older = queued(6);

        DeployDecision decision = DeployDecision.decide(
                request(7, behavior),
                facts().current(7).queued(older).lock(LockKind.ENVIRONMENT).build());

        assertThat(decision).isEqualTo(new DeployDecision.Unchanged(new Version(7), Optional.of(older)));
    }

    @Test
    void aLockRefusesQueuesOrIsIgnoredAsTheRequestSays() {
        DeployFacts locked = facts().current(5).lock(LockKind.APPLICATION).build();

        DeployDecision failed = DeployDecision.decide(request(7, LockBehavior.FAIL), locked);
        DeployDecision recorded = DeployDecision.decide(request(7, LockBehavior.RECORD), locked);
        DeployDecision ignored = DeployDecision.decide(request(7, LockBehavior.IGNORE), locked);

        assertThat(failed).isInstanceOfSatisfying(DeployDecision.Refuse.class, refuse -> {
            assertThat(refuse.cause()).isEqualTo(DeployDecision.Cause.BLOCKED);
            assertThat(refuse.reason().code()).isEqualTo(ErrorCode.DEPLOYMENT_BLOCKED);
        });
        assertThat(recorded).isInstanceOfSatisfying(DeployDecision.Queue.class, queue -> {
            assertThat(queue.records()).isTrue();
            assertThat(queue.blockers()).extracting(Blocker::cause).containsExactly(Blocker.Cause.APPLICATION_LOCKED);
        });
        assertThat(ignored)
                .isInstanceOfSatisfying(
                        DeployDecision.Deploy.class,
                        deploy -> assertThat(deploy.ignoredBlockers())
                                .extracting(Blocker::cause)
                                .containsExactly(Blocker.Cause.APPLICATION_LOCKED));
    }

    @Test
    void aTeamLockHoldsOnlyItsTeamsApplications() {
        Facts teamLocked = facts().lockTeam(PAYMENTS);

        assertThat(DeployDecision.decide(
                        request(7, LockBehavior.FAIL), teamLocked.team(PAYMENTS).build()))
                .isInstanceOf(DeployDecision.Refuse.class);
        assertThat(DeployDecision.decide(
                        request(7, LockBehavior.FAIL),
                        teamLocked.team(TeamName.of("search")).build()))
                .isInstanceOf(DeployDecision.Deploy.class);
    }

    @Test
    void aFreezeWindowBlocksLikeALock() {
        DeployFacts frozen = facts().freeze(FreezeWindow.of("deny", "0 8 * * *", "4h", "UTC"))
                .build();

        assertThat(DeployDecision.decide(request(7, LockBehavior.RECORD), frozen))
                .isInstanceOfSatisfying(
                        DeployDecision.Queue.class,
                        queue -> assertThat(queue.blockers())
                                .extracting(Blocker::cause)
                                .containsExactly(Blocker.Cause.FREEZE_WINDOW));
    }

    @Test
    void aNewerQueuedVersionStaysAndAnOlderOneIsReplaced() {
        Facts locked = facts().current(5).lock(LockKind.ENVIRONMENT);

        DeployDecision newerWaits = DeployDecision.decide(
                request(7, LockBehavior.RECORD), locked.queued(queued(8)).build());
        DeployDecision olderWaits = DeployDecision.decide(
                request(7, LockBehavior.RECORD), locked.queued(queued(6)).build());

        assertThat(newerWaits).isInstanceOfSatisfying(DeployDecision.Queue.class, queue -> {
            assertThat(queue.records()).isFalse();
            assertThat(queue.waiting()).contains(queued(8));
        });
        assertThat(olderWaits)
                .isInstanceOfSatisfying(
                        DeployDecision.Queue.class,
                        queue -> assertThat(queue.records()).isTrue());
    }

    @Test
    void aDeploySettlesAQueuedVersionUpToItsOwnButARollbackLeavesANewerOneWaiting() {
        DeployDecision forward = DeployDecision.decide(
                request(7, LockBehavior.FAIL), facts().queued(queued(7)).build());
        DeployDecision rollback = DeployDecision.decide(
                request(4, LockBehavior.FAIL), facts().queued(queued(7)).build());

        assertThat(forward)
                .isInstanceOfSatisfying(
                        DeployDecision.Deploy.class,
                        deploy -> assertThat(deploy.settles()).contains(queued(7)));
        assertThat(rollback)
                .isInstanceOfSatisfying(
                        DeployDecision.Deploy.class,
                        deploy -> assertThat(deploy.settles()).isEmpty());
    }

    @Test
    void aHoldQueuesWhatAutomationDeploysThereNewerVersionsToo() {
        DeployRequest auto = new DeployRequest(
                CART, PROD, new Version(9), DeploymentReason.AUTO, Optional.empty(), LockBehavior.RECORD);
        DeployRequest image = new DeployRequest(
                CART, PROD, new Version(9), DeploymentReason.IMAGE_POLICY, Optional.empty(), LockBehavior.RECORD);

        for (DeployRequest request : List.of(auto, image)) {
            DeployDecision decision =
                    DeployDecision.decide(request, facts().current(5).held(5));

            assertThat(decision).isInstanceOfSatisfying(DeployDecision.Queue.class, queue -> {
                assertThat(queue.blockers()).extracting(Blocker::cause).containsExactly(Blocker.Cause.HELD);
                assertThat(queue.blockers().getFirst().describe())
                        .isEqualTo("cart is held at version 5 in prod by anonymous: rolled back");
                assertThat(queue.records()).isTrue();
            });
        }
    }

    @Test
    void aHoldDoesNotStopAPerson() {
        DeployDecision decision = DeployDecision.decide(
                request(9, LockBehavior.FAIL), facts().current(5).held(5));

        assertThat(decision)
                .isEqualTo(new DeployDecision.Deploy(Optional.of(new Version(5)), List.of(), Optional.empty()));
    }

    private static DeployRequest request(long version, LockBehavior behavior) {
        return new DeployRequest(CART, PROD, new Version(version), DeploymentReason.MANUAL, Optional.empty(), behavior);
    }

    private static QueuedVersion queued(long version) {
        return new QueuedVersion(
                CART, PROD, new Version(version), NOW, Actor.SYSTEM, DeploymentReason.AUTO, List.of("a lock"));
    }

    private static Facts facts() {
        return new Facts().manifests(PROD);
    }

    private static Lock lock(LockKind kind, Optional<AppName> application, Optional<TeamName> team) {
        return new Lock(
                kind,
                PROD,
                application,
                team,
                LockId.of("lock-" + kind.label()),
                "locked",
                Actor.ANONYMOUS,
                NOW.minusSeconds(60),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** Facts set field by field; each call returns a new builder, so a test can branch from one. */
    private record Facts(
            Optional<TeamName> team,
            Set<EnvName> manifests,
            List<Finding> findings,
            Optional<Version> current,
            Optional<QueuedVersion> queued,
            List<Lock> locks,
            List<FreezeWindow> freezeWindows) {
        Facts() {
            this(Optional.empty(), Set.of(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of());
        }

        Facts team(TeamName value) {
            return new Facts(Optional.of(value), manifests, findings, current, queued, locks, freezeWindows);
        }

        Facts manifests(EnvName... environments) {
            return new Facts(team, Set.of(environments), findings, current, queued, locks, freezeWindows);
        }

        Facts finding(Finding finding) {
            return new Facts(team, manifests, List.of(finding), current, queued, locks, freezeWindows);
        }

        Facts current(long version) {
            return new Facts(
                    team, manifests, findings, Optional.of(new Version(version)), queued, locks, freezeWindows);
        }

        Facts queued(QueuedVersion value) {
            return new Facts(team, manifests, findings, current, Optional.of(value), locks, freezeWindows);
        }

        Facts lock(LockKind kind) {
            Optional<AppName> application = kind == LockKind.APPLICATION ? Optional.of(CART) : Optional.empty();
            return withLock(DeployDecisionTest.lock(kind, application, Optional.empty()));
        }

        Facts lockTeam(TeamName lockedTeam) {
            return withLock(DeployDecisionTest.lock(LockKind.TEAM, Optional.empty(), Optional.of(lockedTeam)));
        }

        private Facts withLock(Lock lock) {
            return new Facts(
                    team,
                    manifests,
                    findings,
                    current,
                    queued,
                    java.util.stream.Stream.concat(locks.stream(), java.util.stream.Stream.of(lock))
                            .toList(),
                    freezeWindows);
        }

        Facts freeze(FreezeWindow window) {
            return new Facts(team, manifests, findings, current, queued, locks, List.of(window));
        }

        DeployFacts build() {
            return new DeployFacts(
                    team, manifests, findings, current, queued, locks, freezeWindows, Optional.empty(), NOW);
        }

        DeployFacts held(long version) {
            Hold hold = new Hold(CART, PROD, new Version(version), NOW, Actor.ANONYMOUS, "rolled back");
            return new DeployFacts(
                    team, manifests, findings, current, queued, locks, freezeWindows, Optional.of(hold), NOW);
        }
    }
}
