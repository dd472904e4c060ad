package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentOrderWarningsTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final EnvName PROD = EnvName.of("prod");
    private static final Map<EnvName, Optional<EnvName>> CHAIN =
            Map.of(DEV, Optional.empty(), STAGING, Optional.of(DEV), PROD, Optional.of(STAGING));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("in upstream order", deployed(3, 2, 1), Map.of()),
                Arguments.of("same everywhere", deployed(2, 2, 2), Map.of()),
                Arguments.of("only in the environment that follows latest", deployed(5, 0, 0), Map.of()),
                Arguments.of(
                        "staging ahead of dev",
                        deployed(1, 2, 0),
                        Map.of(
                                STAGING,
                                List.of("Runs version 2 here, newer than version 1 in its upstream environment dev."))),
                Arguments.of(
                        "prod without staging",
                        deployed(1, 0, 1),
                        Map.of(
                                PROD,
                                List.of("Runs version 1 here, but its upstream environment staging does not run it"
                                        + " at all."))),
                Arguments.of(
                        "both",
                        deployed(0, 2, 3),
                        Map.of(
                                STAGING,
                                List.of(
                                        "Runs version 2 here, but its upstream environment dev does not run it at all."),
                                PROD,
                                List.of("Runs version 3 here, newer than version 2 in its upstream environment"
                                        + " staging."))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void warnsWhereVersionsMovedAgainstTheUpstreamOrder(
            String name, Map<EnvName, Version> deployed, Map<EnvName, List<String>> expected) {
        assertThat(DeploymentOrderWarnings.of(CHAIN, deployed)).isEqualTo(expected);
    }

    /** Versions in dev, staging and prod; 0 where the application does not run. */
    private static Map<EnvName, Version> deployed(long dev, long staging, long prod) {
        Map<EnvName, Version> deployed = new LinkedHashMap<>();
        if (dev > 0) {
            deployed.put(DEV, new Version(dev));
        }
        if (staging > 0) {
            deployed.put(STAGING, new Version(staging));
        }
        if (prod > 0) {
            deployed.put(PROD, new Version(prod));
        }
        return deployed;
    }
}
