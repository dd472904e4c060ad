package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses the newest tag of a tag list by a {@link TagPolicy}. In order: a tag that an exclusion pattern matches is
 * dropped; with a filter, a tag the pattern does not match is dropped and the others are ordered by what
 * {@code extract} makes of them; the ordering drops values it cannot read (not a semantic version, not a decimal
 * number) and, for semver, versions outside the range; of the rest the newest is chosen. Two tags of equal value
 * (1.2 and v1.2.0, or two tags extracting the same datetime) are ordered by the tags themselves, so the choice never
 * depends on the order the registry listed them in.
 */
public final class TagChooser {
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,200}(\\.[0-9]{1,200})?");

    private TagChooser() {}

    /** A candidate: the tag, the value it is ordered by, and that value read by the ordering. */
    private record Candidate(String tag, String value, Comparable<?> key) {}

    public static TagChoice choose(TagPolicy policy, Collection<String> tags) {
        requireNonNull(policy, "policy is null");
        int excluded = 0;
        int filteredOut = 0;
        int unreadable = 0;
        int outOfRange = 0;
        int candidates = 0;
        Candidate newest = null;
        Comparator<Candidate> order = order(policy.ordering());
        for (String tag : tags) {
            if (policy.exclusions().stream().anyMatch(exclusion -> exclusion.matches(tag))) {
                excluded++;
                continue;
            }
            Optional<String> value =
                    policy.filter().isPresent() ? policy.filter().get().apply(tag) : Optional.of(tag);
            if (value.isEmpty()) {
                filteredOut++;
                continue;
            }
            Optional<Comparable<?>> key = key(policy.ordering(), value.get());
            if (key.isEmpty()) {
                unreadable++;
                continue;
            }
            if (policy.ordering() instanceof TagOrdering.Semver(SemverRange range)
                    && !range.contains((SemverVersion) key.get())) {
                outOfRange++;
                continue;
            }
            candidates++;
            Candidate candidate = new Candidate(tag, value.get(), key.get());
            if (newest == null || order.compare(candidate, newest) > 0) {
                newest = candidate;
            }
        }
        TagChoice.TagCounts counts =
                new TagChoice.TagCounts(tags.size(), excluded, filteredOut, unreadable, outOfRange, candidates);
        return newest == null
                ? new TagChoice.NoCandidate(counts)
                : new TagChoice.Chosen(newest.tag(), newest.value(), counts);
    }

    private static Optional<Comparable<?>> key(TagOrdering ordering, String value) {
        return switch (ordering) {
            case TagOrdering.Semver semver -> SemverVersion.parse(value).map(version -> version);
            case TagOrdering.Numerical numerical ->
                DECIMAL.matcher(value).matches() ? Optional.of(new BigDecimal(value)) : Optional.empty();
            case TagOrdering.Alphabetical alphabetical -> Optional.of(value);
        };
    }

    /** Newer compares greater. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Candidate> order(TagOrdering ordering) {
        Comparator<Candidate> byKey = (left, right) -> ((Comparable) left.key()).compareTo(right.key());
        boolean descending = switch (ordering) {
            case TagOrdering.Semver semver -> false;
            case TagOrdering.Numerical(SortOrder order) -> order == SortOrder.DESC;
            case TagOrdering.Alphabetical(SortOrder order) -> order == SortOrder.DESC;
        };
        return (descending ? byKey.reversed() : byKey).thenComparing(Candidate::tag);
    }
}
