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
        assertThat(prognosis.why())
                .isEqualTo(cause.isEmpty() ? "" : TrainOutcomes.causeText(SkipCause.valueOf(cause)) + ": because");
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
