package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

/**
 * How a tag policy orders the candidate values (a tag, or what its filter extracted from it) to find the newest. A
 * value the ordering cannot read (not a version, not a number) is not a candidate.
 */
sealed interface TagOrdering {
    /** Semantic versions in a range; the highest version is the newest. */
    record Semver(SemverRange range) implements TagOrdering {
        public Semver {
            requireNonNull(range, "range is null");
        }
    }

    /** Decimal numbers ({@code 42}, {@code -3}, {@code 1.5}); {@code asc} chooses the highest. */
    record Numerical(SortOrder order) implements TagOrdering {
        public Numerical {
            requireNonNull(order, "order is null");
        }
    }

    /** Strings by their characters (tags are ASCII); {@code asc} chooses the last. */
    record Alphabetical(SortOrder order) implements TagOrdering {
        public Alphabetical {
            requireNonNull(order, "order is null");
        }
    }
}
