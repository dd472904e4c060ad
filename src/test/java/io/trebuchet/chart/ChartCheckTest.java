package io.trebuchet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.TrebuchetException;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Violation;
import io.trebuchet.testing.TestingCharts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart practices, on charts made by {@code helm create} and packaged by {@code helm package}. */
class ChartCheckTest {
    @TempDir
    Path directory;

    @Test
    void aPracticalChartBreaksNoPractice() {
        ChartArchive chart = ChartArchive.read(TestingCharts.pack(TestingCharts.practical(directory, "mapserver")));

        assertThat(chart.name()).isEqualTo("mapserver");
        assertThat(chart.version().text()).isEqualTo("1.0.0");
        assertThat(chart.appVersion()).contains("2.4.0");
        assertThat(chart.digest()).startsWith("sha256:").hasSize(71);
        assertThat(ChartCheck.check(chart)).isEmpty();
    }

    @Test
    void aChartAsHelmCreatesItHasNoResourcesNoSecurityContextAndAnUnstableVersion() {
        ChartArchive chart = ChartArchive.read(TestingCharts.pack(TestingCharts.created(directory, "tiles")));

        assertThat(ChartCheck.check(chart))
                .extracting(Violation::rule, Violation::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_RESOURCES, "tiles/values.yaml: resources.requests.cpu"),
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_RESOURCES, "tiles/values.yaml: resources.requests.memory"),
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_RESOURCES, "tiles/values.yaml: resources.limits.cpu"),
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_RESOURCES, "tiles/values.yaml: resources.limits.memory"),
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_SECURITY_CONTEXT, "tiles/values.yaml: securityContext.runAsNonRoot"),
                        org.assertj.core.groups.Tuple.tuple(
                                PolicyRule.CHART_STABLE_VERSION, "tiles/Chart.yaml: version"));
    }

    static Stream<Arguments> brokenPractices() {
        return Stream.of(
                Arguments.of(
                        "appVersion latest",
                        (Consumer<Path>) chart ->
                                TestingCharts.replaceLine(chart, "Chart.yaml", "appVersion: .*", "appVersion: latest"),
                        PolicyRule.CHART_APP_VERSION,
                        "mapserver/Chart.yaml: appVersion"),
                Arguments.of(
                        "no appVersion",
                        (Consumer<Path>) chart -> TestingCharts.replaceLine(chart, "Chart.yaml", "appVersion: .*", ""),
                        PolicyRule.CHART_APP_VERSION,
                        "mapserver/Chart.yaml: appVersion"),
                Arguments.of(
                        "resources not configurable",
                        (Consumer<Path>)
                                chart -> TestingCharts.replaceLine(chart, "values.yaml", "resources:", "sizing:"),
                        PolicyRule.CHART_RESOURCES,
                        "mapserver/values.yaml: resources"),
                Arguments.of(
                        "no memory limit",
                        (Consumer<Path>)
                                chart -> TestingCharts.replaceLine(chart, "values.yaml", "    memory: 256Mi", ""),
                        PolicyRule.CHART_RESOURCES,
                        "mapserver/values.yaml: resources.limits.memory"),
                Arguments.of(
                        "root by default",
                        (Consumer<Path>)
                                chart -> TestingCharts.replaceLine(chart, "values.yaml", "  runAsNonRoot: true", ""),
                        PolicyRule.CHART_SECURITY_CONTEXT,
                        "mapserver/values.yaml: securityContext.runAsNonRoot"),
                Arguments.of(
                        "securityContext not configurable",
                        (Consumer<Path>) chart -> {
                            TestingCharts.replaceLine(chart, "values.yaml", "securityContext:", "containerSecurity:");
                            TestingCharts.replaceLine(
                                    chart, "values.yaml", "podSecurityContext: \\{\\}", "podSecurity: {}");
                        },
                        PolicyRule.CHART_SECURITY_CONTEXT,
                        "mapserver/values.yaml: securityContext"),
                Arguments.of(
                        "pre-release",
                        (Consumer<Path>) chart ->
                                TestingCharts.replaceLine(chart, "Chart.yaml", "version: .*", "version: 1.1.0-dev.3"),
                        PolicyRule.CHART_STABLE_VERSION,
                        "mapserver/Chart.yaml: version"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPractices")
    void eachBrokenPracticeIsFoundWithItsFileAndField(
            String name, Consumer<Path> breakIt, PolicyRule rule, String path) {
        Path chart = TestingCharts.practical(directory, "mapserver");
        breakIt.accept(chart);

        List<Violation> violations = ChartCheck.check(ChartArchive.read(TestingCharts.pack(chart)));

        assertThat(violations).extracting(Violation::rule).containsExactly(rule);
        assertThat(violations).extracting(Violation::path).containsExactly(path);
    }

    @ParameterizedTest
    @CsvSource({
        "prod-de, production, true",
        "preprod, preprod, true",
        "pre-prod-eu, pre-prod-eu, true",
        "staging, staging, false",
        "dev, dev, false",
        "eu-1, production, true"
    })
    void theStableVersionRuleCountsInPreprodAndProduction(String environment, String group, boolean stage) {
        assertThat(ChartCheck.stage(environment, group)).isEqualTo(stage);
    }

    @Test
    void archivesThatAreNotChartsAreRefused() {
        assertThatThrownBy(() -> ChartArchive.read("not a tar".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code().name()).isEqualTo("INVALID_CHART"));
        assertThatThrownBy(() -> ChartArchive.read(new byte[2 * 1024 * 1024]))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code().name()).isEqualTo("CHART_TOO_LARGE"));
    }
}
