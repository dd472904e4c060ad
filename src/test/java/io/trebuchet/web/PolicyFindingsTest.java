package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.EnvName;
import io.trebuchet.overview.Warning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyFindingsTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName STAGING = EnvName.of("staging");
    private static final EnvName PROD = EnvName.of("prod");

    @Test
    void aFindingInSeveralEnvironmentsIsListedOnceWithThemInPipelineOrder() {
        Warning noLimits = new Warning(Warning.Code.POLICY, "warn: Deployment web container app: no limits");
        Warning latestTag = new Warning(Warning.Code.POLICY, "warn: Deployment web container app: tag latest");
        Warning order = new Warning(Warning.Code.UNUSUAL_ORDER, "prod runs a newer version than staging");

        List<ApplicationView.FindingRow> rows = PolicyFindings.group(
                List.of(DEV, STAGING, PROD),
                Map.of(PROD, List.of(noLimits, order), DEV, List.of(noLimits, latestTag), STAGING, List.of(noLimits)));

        assertThat(rows)
                .extracting(ApplicationView.FindingRow::text, ApplicationView.FindingRow::names)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "Policy warn: Deployment web container app: no limits.", "dev, staging, prod"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Policy warn: Deployment web container app: tag latest.", "dev"));
        assertThat(PolicyFindings.others(List.of(noLimits, order))).containsExactly(order);
    }
}
