package io.trebuchet.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.application.Application;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.environment.Upstream;
import io.trebuchet.freeze.FreezeWindow;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.policy.Policies;
import io.trebuchet.policy.PolicyCheck;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Severity;
import io.trebuchet.train.EnvironmentPlan.ApplicationPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final EnvName PROD = EnvName.of("prod");

    @Test
    void movesEachApplicationToTheUpstreamVersion() {
        EnvironmentPlan plan = TrainPlanner.plan(staging()
                .offer("cart", 5)
                .offer("search", 3)
                .deployed("cart", 4)
                .build());

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.upstream()).contains("dev");
        assertThat(plan.applications())
                .containsExactly(deploy("cart", 5, Optional.of(4)), deploy("search", 3, Optional.empty()));
    }

    @Test
    void environmentWithoutUpstreamIsSkipped() {
        EnvironmentPlan plan = TrainPlanner.plan(new Input(STAGING, Optional.empty()).build());

        assertThat(plan.skipped()).contains(SkipCause.NO_UPSTREAM);
        assertThat(plan.applications()).isEmpty();
    }

    @Test
    void missingUpstreamIsSkipped() {
        Input input = staging();
        input.upstreamExists = false;

        assertThat(TrainPlanner.plan(input.build()).skipped()).contains(SkipCause.UPSTREAM_MISSING);
    }

    @Test
    void lockedEnvironmentIsSkippedAndEveryApplicationSaysWhy() {
        EnvironmentPlan plan = TrainPlanner.plan(staging()
                .offer("cart", 5)
                .offer("search", 3)
                .deployed("search", 3)
                .lock(LockKind.ENVIRONMENT, Optional.empty(), Optional.empty())
                .build());

        assertThat(plan.skipped()).contains(SkipCause.ENVIRONMENT_LOCKED);
        assertThat(plan.message())
                .hasValueSatisfying(message -> assertThat(message).contains("environment lock"));
        assertThat(causes(plan))
                .containsExactly(Optional.of(SkipCause.ENVIRONMENT_LOCKED), Optional.of(SkipCause.ALREADY_DEPLOYED));
    }

    @Test
    void openFreezeWindowSkipsTheEnvironment() {
        Input input = staging().offer("cart", 5);
        input.freezeWindows.add(FreezeWindow.of("deny", "0 10 * * *", "4h", "UTC"));

        EnvironmentPlan plan = TrainPlanner.plan(input.build());

        assertThat(plan.skipped()).contains(SkipCause.FREEZE_WINDOW);
        assertThat(causes(plan)).containsExactly(Optional.of(SkipCause.FREEZE_WINDOW));
    }

    @Test
    void closedFreezeWindowAndExpiredLockDoNotStopTheTrain() {
        Input input = staging().offer("cart", 5);
        input.freezeWindows.add(FreezeWindow.of("deny", "0 20 * * *", "4h", "UTC"));
        input.locks.add(lock(LockKind.ENVIRONMENT, Optional.empty(), Optional.empty(), Optional.of(NOW)));

        assertThat(TrainPlanner.plan(input.build()).applications())
                .containsExactly(deploy("cart", 5, Optional.empty()));
    }

    @Test
    void applicationCauses() {
        EnvironmentPlan plan = TrainPlanner.plan(staging()
                .offer("already", 2)
                .deployed("already", 2)
                .deployed("gone-upstream", 7)
                .offerWithManifests("dev-only", 4, Set.of(DEV))
                .offer("locked-app", 3)
                .offer("locked-team", 3)
                .team("locked-team", "payments")
                .lock(LockKind.APPLICATION, Optional.of(AppName.of("locked-app")), Optional.empty())
                .lock(LockKind.TEAM, Optional.empty(), Optional.of(TeamName.of("payments")))
                .build());

        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.applications())
                .extracting(step -> step.application().value() + ":"
                        + step.skipped().map(Enum::name).orElse("DEPLOY"))
                .containsExactly(
                        "already:ALREADY_DEPLOYED",
                        "dev-only:NO_MANIFEST",
                        "gone-upstream:NO_VERSION_UPSTREAM",
                        "locked-app:APPLICATION_LOCKED",
                        "locked-team:TEAM_LOCKED");
    }

    @Test
    void policyErrorsInTheTargetEnvironmentStopAnApplication() {
        Input input = staging().offer("cart", 5);
        input.candidates.put(
                AppName.of("cart"),
                new Candidate(
                        new Version(5),
                        Set.of(STAGING),
                        PolicyCheck.check(
                                "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}")));
        input.policies = Policies.of(Map.of(PolicyRule.PINNED_IMAGE_TAG, Severity.ERROR));

        ApplicationPlan step = TrainPlanner.plan(input.build()).applications().getFirst();

        assertThat(step.skipped()).contains(SkipCause.POLICY_VIOLATION);
        assertThat(step.message())
                .hasValueSatisfying(message -> assertThat(message).contains("nginx", "no tag"));
        input.policies = Policies.defaults();
        assertThat(TrainPlanner.plan(input.build()).applications().getFirst().deploys())
                .isTrue();
    }

    @Test
    void teamFilterSkipsOtherTeamsAndApplicationsWithoutTeam() {

        Input input = staging()
                .offer("cart", 1)
                .team("cart", "payments")
                .offer("search", 1)
                .team("search", "discovery")
                .offer("orphan", 1);
        input.filter = new TrainFilter(Optional.of(TeamName.of("payments")), Optional.empty());

        assertThat(TrainPlanner.plan(input.build()).applications())
                .extracting(step -> step.application().value() + ":"
                        + step.skipped().map(Enum::name).orElse("DEPLOY"))
                .containsExactly("cart:DEPLOY", "orphan:NO_TEAM", "search:NOT_IN_FILTER");
    }

    @Test
    void stackFilterMovesOnlyTheStack() {
        Input input =
                staging().offer("database", 1).stack("database", "geocube").offer("portal", 1);
        input.filter = new TrainFilter(Optional.empty(), Optional.of(StackName.of("geocube")));

        assertThat(TrainPlanner.plan(input.build()).applications())
                .extracting(step -> step.application().value() + ":"
                        + step.skipped().map(Enum::name).orElse("DEPLOY"))
                .containsExactly("database:DEPLOY", "portal:NOT_IN_FILTER");
    }

    @Test
    void latestUpstreamOffersNewestReleases() {
        EnvironmentPlan plan = TrainPlanner.plan(new Input(DEV, Optional.of(Upstream.ofLatest()))
                .offerWithManifests("cart", 9, Set.of(DEV))
                .deployed("cart", 7)
                .build());

        assertThat(plan.upstream()).contains("latest");
        assertThat(plan.applications()).containsExactly(deploy("cart", 9, Optional.of(7)));
    }

    @Test
    void trainsAlsoMoveBackwardsToWhatUpstreamRuns() {
        EnvironmentPlan plan =
                TrainPlanner.plan(staging().offer("cart", 3).deployed("cart", 5).build());

        assertThat(plan.applications()).containsExactly(deploy("cart", 3, Optional.of(5)));
    }

    private static List<Optional<SkipCause>> causes(EnvironmentPlan plan) {
        return plan.applications().stream().map(ApplicationPlan::skipped).toList();
    }

    private static ApplicationPlan deploy(String application, long version, Optional<Integer> current) {
        return new ApplicationPlan(
                AppName.of(application),
                Optional.of(new Version(version)),
                current.map(value -> new Version(value)),
                Optional.empty(),
                Optional.empty());
    }

    private static Input staging() {
        return new Input(STAGING, Optional.of(Upstream.of(DEV)));
    }

    private static Lock lock(
            LockKind kind, Optional<AppName> application, Optional<TeamName> team, Optional<Instant> expiresAt) {
        return new Lock(
                kind,
                STAGING,
                application,
                team,
                LockId.of("lock-" + kind.label()),
                "locked",
                Actor.ANONYMOUS,
                NOW.minusSeconds(60),
                Optional.empty(),
                expiresAt,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** Builds a planner input step by step. */
    private static final class Input {
        final EnvName environment;
        final Optional<Upstream> upstream;
        boolean upstreamExists = true;
        final Map<AppName, Candidate> candidates = new HashMap<>();
        final Map<AppName, Version> deployed = new HashMap<>();
        final Map<AppName, Application> applications = new HashMap<>();
        final List<Lock> locks = new ArrayList<>();
        final List<FreezeWindow> freezeWindows = new ArrayList<>();
        TrainFilter filter = TrainFilter.none();
        Policies policies = Policies.defaults();

        Input(EnvName environment, Optional<Upstream> upstream) {
            this.environment = environment;
            this.upstream = upstream;
        }

        Input offer(String application, long version) {
            return offerWithManifests(application, version, Set.of(DEV, STAGING, PROD));
        }

        Input offerWithManifests(String application, long version, Set<EnvName> manifests) {
            candidates.put(AppName.of(application), new Candidate(new Version(version), manifests));
            return known(application);
        }

        Input deployed(String application, long version) {
            deployed.put(AppName.of(application), new Version(version));
            return known(application);
        }

        Input team(String application, String team) {
            Application known = applications.get(AppName.of(application));
            applications.put(
                    known.name(),
                    new Application(known.name(), Optional.of(TeamName.of(team)), known.stack(), NOW, NOW));
            return this;
        }

        Input stack(String application, String stack) {
            Application known = applications.get(AppName.of(application));
            applications.put(
                    known.name(),
                    new Application(known.name(), known.team(), Optional.of(StackName.of(stack)), NOW, NOW));
            return this;
        }

        Input lock(LockKind kind, Optional<AppName> application, Optional<TeamName> team) {
            locks.add(TrainPlannerTest.lock(kind, application, team, Optional.empty()));
            return this;
        }

        private Input known(String application) {
            applications.putIfAbsent(
                    AppName.of(application),
                    new Application(AppName.of(application), Optional.empty(), Optional.empty(), NOW, NOW));
            return this;
        }

        TrainInput build() {
            return new TrainInput(
                    environment,
                    upstream,
                    upstreamExists,
                    candidates,
                    deployed,
                    Map.of(),
                    applications,
                    locks,
                    freezeWindows,
                    Map.of(),
                    policies,
                    filter,
                    NOW,
                    false);
        }
    }
}
