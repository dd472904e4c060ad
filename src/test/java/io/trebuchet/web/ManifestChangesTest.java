package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.Release;
import io.trebuchet.web.ManifestChanges.Change;
import io.trebuchet.web.ManifestChanges.Line;
import io.trebuchet.web.ManifestChanges.Style;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestChangesTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final EnvName PROD = EnvName.of("prod");

    @Test
    void environmentsWhoseManifestsChangedAlikeShareOneDiff() {
        EnvName staging = EnvName.of("staging");
        Release previous = release(1, Map.of(DEV, "a: 1\n", staging, "a: 1\n", PROD, "a: 1\n"));
        Release current = release(2, Map.of(DEV, "a: 2\n", staging, "a: 2\n", PROD, "a: 3\n"));

        java.util.List<ManifestChanges.Group> groups = ManifestChanges.group(java.util.List.of(
                ManifestChanges.of(DEV, current, Optional.of(previous)),
                ManifestChanges.of(staging, current, Optional.of(previous)),
                ManifestChanges.of(PROD, current, Optional.of(previous))));

        assertThat(groups).extracting(ManifestChanges.Group::names).containsExactly("dev, staging", "prod");
        assertThat(groups.getFirst().attribute()).isEqualTo("dev staging");
        assertThat(groups.getFirst().diff())
                .as("without the file lines, which name one environment")
                .extracting(Line::style)
                .doesNotContain(Style.FILE)
                .contains(Style.REMOVED, Style.ADDED);
        assertThat(groups.getLast().diff()).extracting(Line::text).contains("+a: 3");
    }

    @Test
    void aManifestWithoutAPreviousReleaseIsNew() {
        ManifestChanges.View view = ManifestChanges.of(DEV, release(1, Map.of(DEV, "a: 1\n")), Optional.empty());

        assertThat(view.change()).isEqualTo(Change.NEW);
        assertThat(view.previous()).isEmpty();
        assertThat(view.diff()).isEmpty();
        assertThat(view.content()).isEqualTo("a: 1\n");
    }

    @Test
    void aManifestThePreviousReleaseDidNotHaveForTheEnvironmentIsNew() {
        ManifestChanges.View view = ManifestChanges.of(
                PROD, release(2, Map.of(PROD, "a: 1\n")), Optional.of(release(1, Map.of(DEV, "a: 1\n"))));

        assertThat(view.change()).isEqualTo(Change.NEW);
        assertThat(view.previous()).contains(new Version(1));
    }

    @Test
    void anEqualManifestIsUnchanged() {
        ManifestChanges.View view = ManifestChanges.of(
                DEV, release(2, Map.of(DEV, "a: 1\n")), Optional.of(release(1, Map.of(DEV, "a: 1\n"))));

        assertThat(view.change()).isEqualTo(Change.UNCHANGED);
        assertThat(view.diff()).isEmpty();
    }

    @Test
    void aChangedManifestHasAUnifiedDiffWithEachLineStyled() {
        ManifestChanges.View view = ManifestChanges.of(
                DEV,
                release(3, Map.of(DEV, "a: 1\n--b: 3\nc: 3\n")),
                Optional.of(release(2, Map.of(DEV, "a: 1\n--b: 2\nc: 3\n"))));

        assertThat(view.change()).isEqualTo(Change.CHANGED);
        assertThat(view.diff())
                .containsExactly(
                        new Line(Style.FILE, "--- v2/dev"),
                        new Line(Style.FILE, "+++ v3/dev"),
                        new Line(Style.HUNK, "@@ -1,3 +1,3 @@"),
                        new Line(Style.CONTEXT, " a: 1"),
                        new Line(Style.REMOVED, "---b: 2"),
                        new Line(Style.ADDED, "+--b: 3"),
                        new Line(Style.CONTEXT, " c: 3"));
    }

    private static Release release(long version, Map<EnvName, String> manifests) {
        Map<EnvName, Manifest> contents = new java.util.TreeMap<>();
        manifests.forEach((environment, content) -> contents.put(environment, Manifest.of(content)));
        return new Release(
                AppName.of("cart"),
                new Version(version),
                contents,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.parse("2026-11-02T10:00:00Z"),
                Actor.ANONYMOUS);
    }
}
