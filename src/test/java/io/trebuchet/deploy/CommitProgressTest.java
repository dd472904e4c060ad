package io.trebuchet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.CommitReport.CommitState;
import io.trebuchet.deploy.CommitReport.EnvironmentProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommitProgressTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("newer release runs", 1, Map.of("dev", 2L), Map.of("dev", CommitState.DEPLOYED)),
                Arguments.of("older release runs", 2, Map.of("dev", 1L), Map.of("dev", CommitState.PENDING)),
                Arguments.of("that release runs", 1, Map.of("dev", 1L), Map.of("dev", CommitState.DEPLOYED)),
                Arguments.of(
                        "along a chain",
                        2,
                        Map.of("dev", 3L, "staging", 2L, "prod", 1L),
                        Map.of(
                                "dev",
                                CommitState.DEPLOYED,
                                "staging",
                                CommitState.DEPLOYED,
                                "prod",
                                CommitState.PENDING)),
                Arguments.of("not deployed there", 2, Map.of(), Map.of("dev", CommitState.UNKNOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesPerEnvironment(
            String name, long commitVersion, Map<String, Long> deployed, Map<String, CommitState> expected) {
        List<EnvName> environments =
                expected.keySet().stream().sorted().map(EnvName::of).toList();
        Map<EnvName, Version> running = new LinkedHashMap<>();
        deployed.forEach((environment, version) -> running.put(EnvName.of(environment), Version.of(version)));

        List<EnvironmentProgress> progress = CommitProgress.decide(Version.of(commitVersion), environments, running);

        assertThat(progress).extracting(EnvironmentProgress::environment).containsExactlyElementsOf(environments);
        progress.forEach(step -> {
            assertThat(step.status())
                    .as(step.environment().value())
                    .isEqualTo(expected.get(step.environment().value()));
            assertThat(step.deployedVersion())
                    .isEqualTo(java.util.Optional.ofNullable(running.get(step.environment())));
        });
    }
}
