package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The answer to listing an image's tags. */
public sealed interface TagListing {
    /** The registry's tags, in its order; the {@code etag} of a list that fit on one page, to ask again with. */
    record Listed(List<String> tags, Optional<String> etag, int pages) implements TagListing {
        public Listed {
            tags = List.copyOf(tags);
            requireNonNull(etag, "etag is null");
        }
    }

    /** The registry said the list is unchanged since the {@code etag} it was asked with (304). */
    record Unchanged(String etag) implements TagListing {
        public Unchanged {
            requireNonNull(etag, "etag is null");
        }
    }
}
