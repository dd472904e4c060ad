package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.ManifestDiff;
import io.trebuchet.release.Release;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides how a release's manifest for one environment changed against the previous release's. */
final class ManifestChanges {
    static final int CONTEXT_LINES = 3;

    private ManifestChanges() {}

    /** What happened to the manifest of an environment since the previous release. */
    enum Change {
        NEW("new in this release"),
        CHANGED("changed"),
        UNCHANGED("unchanged");

        private final String label;

        Change(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** One line of a unified diff, with how to show it. */
    record Line(Style style, String text) {
        Line {
            requireNonNull(style, "style is null");
            requireNonNull(text, "text is null");
        }
    }

    /** The kinds of line in a unified diff. */
    enum Style {
        FILE,
        HUNK,
        ADDED,
        REMOVED,
        CONTEXT;

        String css() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A manifest of the release, and its diff against the previous release's manifest for the same environment. */
    record View(EnvName environment, String content, Change change, Optional<Version> previous, List<Line> diff) {
        View {
            requireNonNull(environment, "environment is null");
            requireNonNull(content, "content is null");
            requireNonNull(change, "change is null");
            requireNonNull(previous, "previous is null");
            diff = List.copyOf(diff);
        }
    }

    /**
     * Environments whose manifests are the same and changed the same way: one diff, shown once, naming them all. The
     * file header lines are left out of {@code diff}: they name one environment, and the summary says what changed.
     */
    record Group(
            List<EnvName> environments, String content, Change change, Optional<Version> previous, List<Line> diff) {
        Group {
            environments = List.copyOf(environments);
            if (environments.isEmpty()) {
                throw new IllegalArgumentException("a group needs an environment");
            }
            requireNonNull(content, "content is null");
            requireNonNull(change, "change is null");
            requireNonNull(previous, "previous is null");
            diff = List.copyOf(diff);
        }

        /** The environments' names as a page lists them: {@code dev, staging}. */
        String names() {
            return String.join(", ", environments.stream().map(EnvName::value).toList());
        }

        /** The environments' names for a space-separated attribute a selector can match one of with {@code ~=}. */
        String attribute() {
            return String.join(" ", environments.stream().map(EnvName::value).toList());
        }
    }

    /** What makes two manifests' changes the same: the manifest itself, and how it changed since which version. */
    private record Sameness(String content, Change change, Optional<Version> previous, List<Line> diff) {}

    /** Groups the views of one release by sameness, in the order their first environment comes. */
    static List<Group> group(List<View> views) {
        Map<Sameness, List<View>> groups = new LinkedHashMap<>();
        for (View view : views) {
            List<Line> body = view.diff().stream()
                    .filter(line -> line.style() != Style.FILE)
                    .toList();
            groups.computeIfAbsent(
                            new Sameness(view.content(), view.change(), view.previous(), body),
                            key -> new ArrayList<>())
                    .add(view);
        }
        return groups.entrySet().stream()
                .map(entry -> new Group(
                        entry.getValue().stream().map(View::environment).toList(),
                        entry.getKey().content(),
                        entry.getKey().change(),
                        entry.getKey().previous(),
                        entry.getKey().diff()))
                .toList();
    }

    /** The manifest of {@code release} for {@code environment}, which it must have, against {@code previous}'s. */
    static View of(EnvName environment, Release release, Optional<Release> previous) {
        Manifest manifest = Optional.ofNullable(release.manifests().get(environment))
                .orElseThrow(() -> new IllegalArgumentException(
                        "release %s has no manifest for %s".formatted(release.version(), environment)));
        Optional<Version> previousVersion = previous.map(Release::version);
        Optional<Manifest> before =
                previous.flatMap(older -> Optional.ofNullable(older.manifests().get(environment)));
        if (before.isEmpty()) {
            return new View(environment, manifest.content(), Change.NEW, previousVersion, List.of());
        }
        String unified = ManifestDiff.unified(
                before.get().content(),
                manifest.content(),
                "v%s/%s".formatted(previousVersion.orElseThrow(), environment),
                "v%s/%s".formatted(release.version(), environment),
                CONTEXT_LINES);
        if (unified.isEmpty()) {
            return new View(environment, manifest.content(), Change.UNCHANGED, previousVersion, List.of());
        }
        String[] texts = unified.split("\n", -1);
        List<Line> lines = new ArrayList<>();
        for (int index = 0; index < texts.length; index++) {
            String text = texts[index];
            if (index == texts.length - 1 && text.isEmpty()) {
                break;
            }
            lines.add(new Line(index < 2 ? Style.FILE : style(text), text));
        }
        return new View(environment, manifest.content(), Change.CHANGED, previousVersion, lines);
    }

    private static Style style(String text) {
        if (text.startsWith("@@")) {
            return Style.HUNK;
        }
        if (text.startsWith("+")) {
            return Style.ADDED;
        }
        if (text.startsWith("-")) {
            return Style.REMOVED;
        }
        return Style.CONTEXT;
    }
}
