package io.trebuchet.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCheckTest {
    private static final EnvName DEV = EnvName.of("dev");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "# only a comment\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
                "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n---\n",
                "---\n---\napiVersion: v1\nkind: ConfigMap\n",
                "metadata:\n  name: \"unicode ✓ 名前\"\n",
                "base: &base {a: 1}\nderived: *base\n",
            })
    void acceptsWhatAClusterCanApply(String manifest) {
        assertThatCode(() -> ManifestCheck.check(DEV, manifest)).doesNotThrowAnyException();
    }

    /** Kuberpult stores any text; whether it must be Kubernetes objects is the policy rule kubernetes-objects. */
    @ParameterizedTest
    @ValueSource(strings = {"just text\n", "kind: ConfigMap\n---\n- a\n- b\n", "42\n"})
    void storesYamlThatIsNotAKubernetesObjectAsKuberpultDoes(String manifest) {
        assertThatCode(() -> ManifestCheck.check(DEV, manifest)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'kind: [unclosed\n' | not valid YAML at line",
                "'a: 1\na: 2\n' | not valid YAML",
                "'key: \"unterminated\n' | not valid YAML",
                "'\tkind: tab\n' | not valid YAML",
            })
    void refusesWhatItCannot(String manifest, String expected) {
        assertThatThrownBy(() ->
                        ManifestCheck.check(DEV, manifest.replace("\\n", "\n").replace("\\t", "\t")))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
                    assertThat(error.getMessage())
                            .startsWith("manifest for environment dev")
                            .contains(expected);
                    assertThat(error.details()).containsEntry("environment", "dev");
                });
    }

    @Test
    void refusesAliasBombs() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level < 12; level++) {
            bomb.append("a%d: &a%d [".formatted(level, level));
            bomb.append(("*a" + (level - 1) + ", ").repeat(9))
                    .append("*a")
                    .append(level - 1)
                    .append("]\n");
        }

        assertThatThrownBy(() -> ManifestCheck.check(DEV, bomb.toString()))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX);
                    assertThat(error.details())
                            .containsEntry("environment", "dev")
                            .containsEntry("limit", "nodes");
                });
    }

    @Test
    void refusesAbsurdNestingWithoutCrashing() {
        int depth = 50_000;
        String nested = "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n";

        assertThatThrownBy(() -> ManifestCheck.check(DEV, nested))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX);
                    assertThat(error.details()).containsEntry("limit", "depth");
                });
    }
}
