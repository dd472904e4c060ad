package io.trebuchet.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentGraphTest {
    @Test
    void ordersEnvironmentsFromTheRootOfEachChain() {
        EnvironmentGraph graph = EnvironmentGraph.of(configs(
                "prod", downstreamOf("staging"),
                "staging", downstreamOf("dev"),
                "dev", EnvironmentConfig.latest(),
                "hotfix", EnvironmentConfig.latest(),
                "hotfix-prod", downstreamOf("hotfix")));

        assertThat(graph.upstreamOrder())
                .extracting(EnvName::value)
                .containsExactly("dev", "hotfix", "hotfix-prod", "staging", "prod");
        assertThat(graph.downstreamOf(EnvName.of("dev"))).containsExactly(EnvName.of("staging"));
        assertThat(graph.downstreamOf(EnvName.of("prod"))).isEmpty();
    }

    @Test
    void groupsSortByTheirMostUpstreamMember() {
        EnvironmentGraph graph = EnvironmentGraph.of(configs(
                "prod-fr", downstreamOf("staging").withGroup(GroupName.of("production")),
                "prod-de", downstreamOf("staging").withGroup(GroupName.of("production")),
                "staging", downstreamOf("dev"),
                "dev", EnvironmentConfig.latest()));

        Map<GroupName, List<EnvName>> groups = graph.groupsInUpstreamOrder();

        assertThat(groups.keySet()).extracting(GroupName::value).containsExactly("dev", "staging", "production");
        assertThat(groups.get(GroupName.of("production")))
                .extracting(EnvName::value)
                .containsExactly("prod-de", "prod-fr");
    }

    @Test
    void environmentWithoutUpstreamIsARoot() {
        EnvironmentConfig none = EnvironmentConfig.parse("{}");

        EnvironmentGraph graph = EnvironmentGraph.of(configs("sandbox", none, "child", downstreamOf("sandbox")));

        assertThat(graph.upstreamOrder()).extracting(EnvName::value).containsExactly("sandbox", "child");
    }

    @Test
    void allowsAnUpstreamThatDoesNotExistYetAndNamesIt() {
        EnvironmentGraph graph = EnvironmentGraph.of(configs("staging", downstreamOf("dev")));

        assertThat(graph.missingUpstreams()).containsExactly(Map.entry(EnvName.of("staging"), EnvName.of("dev")));
        assertThat(graph.upstreamOrder()).extracting(EnvName::value).containsExactly("staging");
    }

    @Test
    void checkedRefusesAnUpstreamThatDoesNotExist() {
        assertThatThrownBy(() -> EnvironmentGraph.checked(configs("staging", downstreamOf("dev"))))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_UPSTREAM);
                    assertThat(error.getMessage()).contains("staging", "dev");
                });
    }

    @Test
    void refusesAnEnvironmentThatIsItsOwnUpstream() {
        assertThatThrownBy(() -> EnvironmentGraph.of(configs("loop", downstreamOf("loop"))))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_CYCLE);
                    assertThat(error.getMessage()).endsWith("loop -> loop");
                });
    }

    @Test
    void refusesLongerCyclesAndNamesEveryStep() {
        assertThatThrownBy(() -> EnvironmentGraph.of(configs(
                        "a", downstreamOf("c"),
                        "b", downstreamOf("a"),
                        "c", downstreamOf("b"),
                        "root", EnvironmentConfig.latest())))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_CYCLE);
                    assertThat(error.details().get("cycle")).isEqualTo(List.of("a", "c", "b", "a"));
                });
    }

    @Test
    void acceptsAnEmptyPlatform() {
        assertThat(EnvironmentGraph.of(Map.of()).upstreamOrder()).isEmpty();
    }

    private static EnvironmentConfig downstreamOf(String upstream) {
        return EnvironmentConfig.downstreamOf(EnvName.of(upstream));
    }

    private static Map<EnvName, EnvironmentConfig> configs(Object... namesAndConfigs) {
        Map<EnvName, EnvironmentConfig> configs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndConfigs.length; i += 2) {
            configs.put(EnvName.of((String) namesAndConfigs[i]), (EnvironmentConfig) namesAndConfigs[i + 1]);
        }
        return configs;
    }
}
