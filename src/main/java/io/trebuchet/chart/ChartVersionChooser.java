package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.imageautomation.SemverRange;
import io.trebuchet.imageautomation.SemverVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the chart version a subscription releases from what a registry or repository lists: the highest exact
 * semantic version in the range; pre-releases count only when the subscription considers them, and then by precedence
 * alone ({@code ^1.0} holds {@code 1.2.0-dev.1}). Listed entries that are no exact version ({@code latest}) are
 * ignored. Pure.
 */
final class ChartVersionChooser {
    private ChartVersionChooser() {}

    /** What a scan found: the version to release, or why there is none. */
    sealed interface Choice {
        record Chosen(ChartVersion version) implements Choice {
            public Chosen {
                requireNonNull(version, "version is null");
            }
        }

        record NoCandidate(String reason) implements Choice {
            public NoCandidate {
                requireNonNull(reason, "reason is null");
            }
        }
    }

    private record Candidate(ChartVersion chart, SemverVersion order) {}

    static Choice choose(List<String> listed, SemverRange range, boolean preReleases) {
        requireNonNull(listed, "listed is null");
        requireNonNull(range, "range is null");
        Optional<Candidate> highest = listed.stream()
                .flatMap(text -> ChartVersion.read(text).stream())
                .flatMap(chart -> SemverVersion.parse(chart.text()).stream().map(order -> new Candidate(chart, order)))
                .filter(candidate -> preReleases || !candidate.order().isPreRelease())
                .filter(candidate -> range.contains(candidate.order(), preReleases))
                .max(Comparator.comparing(Candidate::order));
        return highest.<Choice>map(candidate -> new Choice.Chosen(candidate.chart()))
                .orElseGet(() -> new Choice.NoCandidate(
                        listed.isEmpty()
                                ? "the chart has no versions"
                                : "none of the %d listed versions is in range %s%s"
                                        .formatted(
                                                listed.size(),
                                                range.text(),
                                                preReleases ? "" : " (pre-releases are not considered)")));
    }
}
