package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.train.EnvironmentPlan;
import io.trebuchet.train.EnvironmentPlan.ApplicationPlan;
import io.trebuchet.train.SkipCause;
import io.trebuchet.train.TrainResult;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TrainOutcomesTest {
    private static final EnvName STAGING = EnvName.of("staging");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                  | 3 | 2 | DEPLOY | would deploy | deployed | v2 → v3",
                "''                  | 3 | 0 | DEPLOY | would deploy | deployed | new: v3",
                "ENVIRONMENT_LOCKED  | 3 | 2 | QUEUE  | would queue  | queued   | v2 → v3",
                "APPLICATION_LOCKED  | 3 | 2 | QUEUE  | would queue  | queued   | v2 → v3",
                "TEAM_LOCKED         | 3 | 0 | QUEUE  | would queue  | queued   | new: v3",
                "FREEZE_WINDOW       | 3 | 2 | QUEUE  | would queue  | queued   | v2 → v3",
                "ALREADY_DEPLOYED    | 3 | 3 | SKIP   | would skip   | skipped  | stays at v3",
                "NO_MANIFEST         | 3 | 0 | SKIP   | would skip   | skipped  | not deployed",
                "POLICY_VIOLATION    | 3 | 2 | SKIP   | would skip   | skipped  | stays at v2",
                "NOT_IN_FILTER       | 3 | 2 | SKIP   | would skip   | skipped  | stays at v2",
                "NO_TEAM             | 3 | 2 | SKIP   | would skip   | skipped  | stays at v2",
                "NO_VERSION_UPSTREAM | 0 | 2 | SKIP   | would skip   | skipped  | stays at v2"
            })
    void saysWhatHappensToEachApplication(
            String cause,
            long offered,
            long current,
            TrainOutcomes.Outcome outcome,
            String prognosisLabel,
            String runLabel,
            String change) {
        ApplicationPlan plan = new ApplicationPlan(
                AppName.of("cart"),
                version(offered),
                version(current),
                Optional.of(cause).filter(text -> !text.isEmpty()).map(SkipCause::valueOf),
                Optional.of(cause).filter(text -> !text.isEmpty()).map(ignored -> "because"));

        TrainOutcomes.Step prognosis = only(TrainOutcomes.environment(plan(plan), true));
        TrainOutcomes.Step run = only(TrainOutcomes.environment(plan(plan), false));

        assertThat(prognosis.outcome()).isEqualTo(outcome);
        assertThat(prognosis.label()).isEqualTo(prognosisLabel);
        assertThat(run.label()).isEqualTo(runLabel);
        assertThat(prognosis.change()).isEqualTo(change);
        assertThat(prognosis.why()).isEqualTo(cause.isEmpty() ? "" : "Because.");
    }

    @Test
    void summarisesAnEnvironmentAndKeepsItsSkipCause() {
        EnvironmentPlan plan = new EnvironmentPlan(
                STAGING,
                Optional.of("dev"),
                Optional.of(SkipCause.ENVIRONMENT_LOCKED),
                Optional.of("environment lock 'qa' on staging: QA"),
                List.of(
                        step("a", 2, 1, SkipCause.ENVIRONMENT_LOCKED),
                        step("b", 0, 1, SkipCause.NO_VERSION_UPSTREAM),
                        step("c", 4, 4, SkipCause.ALREADY_DEPLOYED)));

        List<TrainOutcomes.EnvironmentOutcome> outcomes =
                TrainOutcomes.of(new TrainResult(Optional.empty(), true, List.of(plan)));

        TrainOutcomes.EnvironmentOutcome staging = outcomes.getFirst();
        assertThat(staging.summary()).isEqualTo("Would deploy 0, queue 1, leave 2 as they are.");
        assertThat(staging.skipped()).contains(SkipCause.ENVIRONMENT_LOCKED);
        assertThat(staging.moving())
                .extracting(step -> step.application().value())
                .containsExactly("a");
        assertThat(staging.skippedApplications())
                .extracting(step -> step.application().value())
                .containsExactly("b", "c");
        assertThat(TrainOutcomes.environment(plan, false).summary())
                .isEqualTo("Deployed 0, queued 1, left 2 as they were.");
        assertThat(staging.skippedText()).isEqualTo("staging is skipped. Environment lock 'qa' on staging: QA.");
    }

    @Test
    void saysWhyInSentencesWithTimesAsPagesPrintThem() {
        String freeze = "deny window '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02T18:00:00Z";
        EnvironmentPlan plan = new EnvironmentPlan(
                STAGING,
                Optional.of("dev"),
                Optional.of(SkipCause.FREEZE_WINDOW),
                Optional.of(freeze),
                List.of(
                        new ApplicationPlan(
                                AppName.of("search"),
                                version(3),
                                version(2),
                                Optional.of(SkipCause.APPLICATION_LOCKED),
                                Optional.of("application lock 'reindex' on search in staging: reindexing")),
                        new ApplicationPlan(
                                AppName.of("cart"),
                                version(3),
                                version(2),
                                Optional.of(SkipCause.FREEZE_WINDOW),
                                Optional.of(freeze))));

        TrainOutcomes.EnvironmentOutcome staging = TrainOutcomes.environment(plan, true);

        assertThat(staging.skippedText())
                .isEqualTo("staging is skipped. Deny window '0 18 * * FRI' for 2h (UTC) is open until"
                        + " 2026-11-02 18:00:00 UTC.");
        assertThat(staging.moving())
                .extracting(TrainOutcomes.Step::why)
                .containsExactly(
                        "Application lock 'reindex' on search in staging: reindexing.",
                        "Deny window '0 18 * * FRI' for 2h (UTC) is open until 2026-11-02 18:00:00 UTC.");
    }

    @Test
    void saysNothingOfASkipWhenTheEnvironmentIsNotSkipped() {
        EnvironmentPlan plan = new EnvironmentPlan(
                STAGING,
                Optional.of("dev"),
                Optional.empty(),
                Optional.empty(),
                List.of(new ApplicationPlan(
                        AppName.of("a"), version(2), version(1), Optional.empty(), Optional.empty())));

        assertThat(TrainOutcomes.environment(plan, true).skippedText()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                 | 2 | 3 | true  | would roll back | rolled back | v3 → v2",
                "''                 | 4 | 3 | false | would deploy    | deployed    | v3 → v4",
                "ENVIRONMENT_LOCKED | 2 | 3 | true  | would queue     | queued      | v3 → v2",
                "NO_MANIFEST        | 2 | 3 | false | would skip      | skipped     | stays at v3",
                "POLICY_VIOLATION   | 2 | 3 | false | would skip      | skipped     | stays at v3"
            })
    void flagsAMoveToAnOlderVersionAsARollback(
            String cause,
            long offered,
            long current,
            boolean rollback,
            String prognosisLabel,
            String runLabel,
            String change) {
        ApplicationPlan plan = new ApplicationPlan(
                AppName.of("cart"),
                version(offered),
                version(current),
                Optional.of(cause).filter(text -> !text.isEmpty()).map(SkipCause::valueOf),
                Optional.of(cause).filter(text -> !text.isEmpty()).map(ignored -> "because"));

        TrainOutcomes.Step prognosis = only(TrainOutcomes.environment(plan(plan), true));

        assertThat(prognosis.rollback()).isEqualTo(rollback);
        assertThat(prognosis.label()).isEqualTo(prognosisLabel);
        assertThat(only(TrainOutcomes.environment(plan(plan), false)).label()).isEqualTo(runLabel);
        assertThat(prognosis.change()).isEqualTo(change);
    }

    @Test
    void groupsApplicationsByCauseInReadingOrderWithCounts() {
        EnvironmentPlan plan = new EnvironmentPlan(
                STAGING,
                Optional.of("dev"),
                Optional.empty(),
                Optional.empty(),
                List.of(
                        step("already-a", 4, 4, SkipCause.ALREADY_DEPLOYED),
                        new ApplicationPlan(
                                AppName.of("back"), version(2), version(3), Optional.empty(), Optional.empty()),
                        step("frozen", 5, 4, SkipCause.FREEZE_WINDOW),
                        step("team-locked", 5, 4, SkipCause.TEAM_LOCKED),
                        step("app-locked", 5, 4, SkipCause.APPLICATION_LOCKED),
                        step("chart", 5, 4, SkipCause.PRERELEASE_CHART),
                        step("policy", 5, 4, SkipCause.POLICY_VIOLATION),
                        step("already-b", 4, 4, SkipCause.ALREADY_DEPLOYED),
                        step("elsewhere", 5, 4, SkipCause.NOT_IN_FILTER),
                        new ApplicationPlan(
                                AppName.of("forward"), version(5), version(4), Optional.empty(), Optional.empty()),
                        step("gone", 0, 4, SkipCause.NO_VERSION_UPSTREAM)));

        TrainOutcomes.EnvironmentOutcome prognosis = TrainOutcomes.environment(plan, true);

        assertThat(prognosis.groups())
                .extracting(
                        TrainOutcomes.Group::heading,
                        group -> group.steps().stream()
                                .map(step -> step.application().value())
                                .toList(),
                        TrainOutcomes.Group::open)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Would deploy", List.of("back", "forward"), true),
                        org.assertj.core.groups.Tuple.tuple(
                                "Would queue behind a lock", List.of("team-locked", "app-locked"), true),
                        org.assertj.core.groups.Tuple.tuple(
                                "Would queue behind a freeze window", List.of("frozen"), true),
                        org.assertj.core.groups.Tuple.tuple("Stopped by a policy", List.of("chart", "policy"), false),
                        org.assertj.core.groups.Tuple.tuple("Already there", List.of("already-a", "already-b"), false),
                        org.assertj.core.groups.Tuple.tuple("Not in the upstream", List.of("gone"), false),
                        org.assertj.core.groups.Tuple.tuple("Not in this train", List.of("elsewhere"), false));
        assertThat(prognosis.summary()).isEqualTo("Would deploy 2 (1 a rollback), queue 3, leave 6 as they are.");
        assertThat(TrainOutcomes.environment(plan, false).groups())
                .extracting(TrainOutcomes.Group::heading)
                .startsWith("Deployed", "Queued behind a lock", "Queued behind a freeze window");
    }

    @Test
    void totalsAGroupTrainOverItsEnvironments() {
        EnvironmentPlan germany = new EnvironmentPlan(
                EnvName.of("prod-de"),
                Optional.of("staging"),
                Optional.empty(),
                Optional.empty(),
                List.of(
                        new ApplicationPlan(
                                AppName.of("cart"), version(2), version(3), Optional.empty(), Optional.empty()),
                        step("search", 4, 4, SkipCause.ALREADY_DEPLOYED)));
        EnvironmentPlan france = new EnvironmentPlan(
                EnvName.of("prod-fr"),
                Optional.of("staging"),
                Optional.of(SkipCause.FREEZE_WINDOW),
                Optional.of("frozen"),
                List.of(step("cart", 2, 1, SkipCause.FREEZE_WINDOW)));

        List<TrainOutcomes.EnvironmentOutcome> both =
                TrainOutcomes.of(new TrainResult(Optional.empty(), true, List.of(germany, france)));

        assertThat(TrainOutcomes.total(both, true))
                .isEqualTo("In prod-de, prod-fr: would deploy 1 (1 a rollback), queue 1, leave 1 as they are.");
        assertThat(TrainOutcomes.total(both.subList(0, 1), false))
                .isEqualTo("Deployed 1 (1 a rollback), queued 0, left 1 as they were.");
        assertThat(both.get(1).skippedText()).isEqualTo("prod-fr is skipped. Frozen.");
    }

    @ParameterizedTest
    @EnumSource(SkipCause.class)
    void everySkipCauseHasItsOwnWords(SkipCause cause) {
        assertThat(TrainOutcomes.causeText(cause)).isNotBlank();
        assertThat(Arrays.stream(SkipCause.values())
                        .filter(other -> TrainOutcomes.causeText(other).equals(TrainOutcomes.causeText(cause))))
                .containsExactly(cause);
    }

    private static EnvironmentPlan plan(ApplicationPlan application) {
        return new EnvironmentPlan(
                STAGING, Optional.of("dev"), Optional.empty(), Optional.empty(), List.of(application));
    }

    private static ApplicationPlan step(String name, long offered, long current, SkipCause cause) {
        return new ApplicationPlan(
                AppName.of(name), version(offered), version(current), Optional.of(cause), Optional.of("why"));
    }

    private static TrainOutcomes.Step only(TrainOutcomes.EnvironmentOutcome outcome) {
        List<TrainOutcomes.Step> steps = new java.util.ArrayList<>(outcome.moving());
        steps.addAll(outcome.skippedApplications());
        assertThat(steps).hasSize(1);
        return steps.getFirst();
    }

    private static Optional<Version> version(long value) {
        return value == 0 ? Optional.empty() : Optional.of(new Version(value));
    }
}
