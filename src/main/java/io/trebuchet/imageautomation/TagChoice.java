package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

/** What a tag policy made of a tag list: the newest tag, or why there is none; with counts to show why. */
public sealed interface TagChoice {
    TagCounts counts();

    /** The newest candidate, and the value it was ordered by (the tag, or what the filter extracted). */
    record Chosen(String tag, String orderedBy, TagCounts counts) implements TagChoice {
        public Chosen {
            requireNonNull(tag, "tag is null");
            requireNonNull(orderedBy, "orderedBy is null");
            requireNonNull(counts, "counts is null");
        }
    }

    /** No tag is a candidate. */
    record NoCandidate(TagCounts counts) implements TagChoice {
        public NoCandidate {
            requireNonNull(counts, "counts is null");
        }

        public String reason() {
            if (counts.listed() == 0) {
                return "the repository has no tags";
            }
            return "none of %d tags is a candidate: %d excluded, %d not matching the filter, %d not readable by the policy, %d outside the range"
                    .formatted(
                            counts.listed(),
                            counts.excluded(),
                            counts.filteredOut(),
                            counts.unreadable(),
                            counts.outOfRange());
        }
    }

    /**
     * How many tags were listed, and how many each step dropped: the exclusion list, the filter pattern, the policy
     * (not a version or number), the semver range.
     */
    record TagCounts(int listed, int excluded, int filteredOut, int unreadable, int outOfRange, int candidates) {}
}
