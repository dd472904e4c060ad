package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.deploy.DeploymentReason;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasonWordsTest {
    @Test
    void everyReasonReadsAsWords() {
        assertThat(Arrays.stream(DeploymentReason.values()).map(reason -> ReasonWords.how(reason, Optional.empty())))
                .containsExactly(
                        "by hand",
                        "as a new release",
                        "with a release train",
                        "for a new image its image policy chose");
    }

    @Test
    void aTrainIsNamedWhenItIsKnown() {
        assertThat(ReasonWords.how(DeploymentReason.TRAIN, Optional.of("t-42"))).isEqualTo("by release train t-42");
        assertThat(ReasonWords.how(DeploymentReason.MANUAL, Optional.of("t-42")))
                .as("a train id only names a train")
                .isEqualTo("by hand");
    }

    @Test
    void storedLabelsReadAsTheirReasonsWords() {
        for (DeploymentReason reason : DeploymentReason.values()) {
            assertThat(ReasonWords.parse(reason.label())).contains(reason);
            assertThat(ReasonWords.how(reason.label()))
                    .isEqualTo(ReasonWords.how(reason, Optional.empty()))
                    .doesNotContain("(" + reason.label() + ")");
        }
    }

    @Test
    void aLabelThisVersionDoesNotKnowIsQuoted() {
        assertThat(ReasonWords.parse("canary")).isEmpty();
        assertThat(ReasonWords.how("canary")).isEqualTo("for the reason “canary”");
    }
}
