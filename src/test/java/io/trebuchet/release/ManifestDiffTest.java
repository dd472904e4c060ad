package io.trebuchet.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.release.ManifestDiff.Kind;
import io.trebuchet.release.ManifestDiff.Line;
import org.junit.jupiter.api.Test;

class ManifestDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(ManifestDiff.unified("a\nb\n", "a\nb\n", "old", "new", 3)).isEmpty();
        assertThat(ManifestDiff.lines("a\nb\n", "a\nb\n"))
                .extracting(Line::kind)
                .containsOnly(Kind.SAME);
    }

    @Test
    void marksRemovedAndAddedLines() {
        assertThat(ManifestDiff.lines("a\nb\nc\n", "a\nx\nc\n"))
                .containsExactly(
                        new Line(Kind.SAME, "a"),
                        new Line(Kind.REMOVED, "b"),
                        new Line(Kind.ADDED, "x"),
                        new Line(Kind.SAME, "c"));
    }

    @Test
    void printsUnifiedHunksWithContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";

        assertThat(ManifestDiff.unified(before, after, "release 1", "release 2", 2))
                .isEqualTo("""
                        --- release 1
                        +++ release 2
                        @@ -3,5 +3,5 @@
                         3
                         4
                        -5
                        +five
                         6
                         7
                        """);
    }

    @Test
    void separatesDistantChangesIntoHunks() {
        String before = "a\n1\n2\n3\n4\n5\n6\n7\nb\n";
        String after = "A\n1\n2\n3\n4\n5\n6\n7\nB\n";

        String diff = ManifestDiff.unified(before, after, "x", "y", 1);

        assertThat(diff).contains("@@ -1,2 +1,2 @@\n-a\n+A\n 1\n", "@@ -8,2 +8,2 @@\n 7\n-b\n+B\n");
    }

    @Test
    void diffsAgainstNothing() {
        assertThat(ManifestDiff.unified("", "a\nb\n", "none", "new", 3))
                .isEqualTo("--- none\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    }
}
