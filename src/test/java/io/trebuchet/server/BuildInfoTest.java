package io.trebuchet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void describesTheVersionAndTheCommit() {
        BuildInfo build = BuildInfo.of(properties("1.2.0", "0123456789ab", "false"));

        assertThat(build.describe()).isEqualTo("1.2.0 (commit 0123456789ab)");
    }

    @Test
    void marksABuildFromUncommittedChanges() {
        assertThat(BuildInfo.of(properties("1.2.0", "0123456789ab", "true")).describe())
                .isEqualTo("1.2.0 (commit 0123456789ab-dirty)");
    }

    @Test
    void placeholdersMavenCouldNotFillAreUnknown() {
        // A resource left unfiltered (run from classes an IDE copied) still reads as unknown.
        BuildInfo build = BuildInfo.of(properties("1.2.0", "${git.commit.id.abbrev}", "${git.dirty}"));

        assertThat(build.describe()).isEqualTo("1.2.0 (commit unknown)");
        assertThat(BuildInfo.of(new Properties()).describe()).isEqualTo("unknown (commit unknown)");
    }

    @Test
    void theBuildsOwnValuesAreFilled() {
        BuildInfo build = BuildInfo.current();

        assertThat(build.version()).doesNotContain("${").isNotEqualTo(BuildInfo.UNKNOWN);
    }

    private static Properties properties(String version, String commit, String dirty) {
        Properties properties = new Properties();
        properties.setProperty("version", version);
        properties.setProperty("commit", commit);
        properties.setProperty("dirty", dirty);
        return properties;
    }
}
